package dev.checkoutsaga.payment.client;

/**
 * The provider refused a refund with an answer that resending the same request cannot change
 * (400 invalid, 402 refused, 404 charge unknown, 422 key used with another body). The refund step
 * stops retrying and records REFUND_FAILED: the money is still charged and a person must act
 * (docs/runbooks/refund-failed.md). Not retried in the call and not counted by the breaker.
 */
public class RefundRefusedException extends ProviderUnavailableException {
    private final int status;

    public RefundRefusedException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The provider's HTTP status. */
    public int status() {
        return status;
    }
}
