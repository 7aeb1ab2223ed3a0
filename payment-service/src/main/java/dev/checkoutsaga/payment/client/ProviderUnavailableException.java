package dev.checkoutsaga.payment.client;

/**
 * The provider gave no business answer (unreachable, timeout, 5xx, 429, 409 key in use, anything
 * unexpected). The step fails and the worker retries it with backoff: never a decline.
 */
public class ProviderUnavailableException extends RuntimeException {
    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
