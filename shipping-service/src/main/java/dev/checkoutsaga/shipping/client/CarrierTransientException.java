package dev.checkoutsaga.shipping.client;

/**
 * A failure worth retrying at once, inside the call ({@code @Retry}, same Idempotency-Key): the
 * carrier was unreachable (connection refused or reset, no answer) or answered 5xx. Counts for the
 * circuit breaker. Once the in-call retries are exhausted the step fails and is retried later.
 */
public class CarrierTransientException extends CarrierUnavailableException {
    public CarrierTransientException(String message) {
        super(message);
    }

    public CarrierTransientException(String message, Throwable cause) {
        super(message, cause);
    }
}
