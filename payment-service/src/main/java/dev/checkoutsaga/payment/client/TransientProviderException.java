package dev.checkoutsaga.payment.client;

/**
 * A failure worth retrying at once, inside the call ({@code @Retry}) with the same Idempotency-Key:
 * the provider was unreachable (connection refused or reset, no answer) or answered 5xx. It also
 * counts as a failure for the circuit breaker. Extends {@link ProviderUnavailableException}: once
 * the in-call retries are exhausted the step fails and the worker retries it later.
 */
public class TransientProviderException extends ProviderUnavailableException {
    public TransientProviderException(String message) {
        super(message);
    }

    public TransientProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
