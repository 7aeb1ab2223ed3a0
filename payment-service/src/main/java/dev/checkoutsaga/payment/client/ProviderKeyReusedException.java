package dev.checkoutsaga.payment.client;

/**
 * The provider answered 422 to a direct charge: its Idempotency-Key ({@code direct-<paymentId>},
 * derived from the client's key) was already used with another body. For a direct payment that is
 * the client's doing (the same Idempotency-Key resent with another amount, token or reference
 * after a request that never finished), so {@code POST /payments} answers 422, not 503. Not
 * retried, not a breaker failure.
 */
public class ProviderKeyReusedException extends ProviderUnavailableException {
    public ProviderKeyReusedException(String message) {
        super(message);
    }
}
