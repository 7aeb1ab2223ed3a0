package dev.checkoutsaga.shipping.client;

/**
 * The carrier gave no business answer (timeout, connection refused, 5xx, 429, an unexpected
 * status or body). The step fails and is retried with backoff; the order is parked, never failed.
 */
public class CarrierUnavailableException extends RuntimeException {
    public CarrierUnavailableException(String message) {
        super(message);
    }

    public CarrierUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
