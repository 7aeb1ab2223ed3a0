package dev.checkoutsaga.payment.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The rules of a direct payment ({@code POST /payments}): a synchronous charge outside the checkout
 * saga, guarded by the client's {@code Idempotency-Key}.
 *
 * <p>Money must never move twice because a client retried. Two layers make sure of it:
 * <ol>
 * <li>our own Idempotency-Key store (platform/idempotency): a repeat of a FINISHED request replays its
 * answer (201 or 402) without calling the provider;</li>
 * <li>the provider's idempotency key: the payment is recorded PENDING before the provider is called,
 * with a pending step that finishes it; a request that did not finish (the provider could not be
 * reached, its answer was lost, the process died) is finished by that step. Because the payment id is
 * derived from the client's key, and the provider key from the payment id, every attempt sends the
 * SAME provider key and body, and the provider replays the first charge instead of making a second
 * one.</li>
 * </ol>
 */
public final class DirectPayments {

    /** The pending step that charges a direct payment (platform/steps); its order id is the payment id. */
    public static final String CHARGE_STEP = "direct-charge";

    /** The scope of direct payments in the Idempotency-Key store. */
    public static final String IDEMPOTENCY_SCOPE = "payments";

    private DirectPayments() {
    }

    /**
     * The payment id of a caller's Idempotency-Key: a UUID v3 of {@code "direct:" + caller + LF + key}.
     * Keys are per caller (platform/idempotency), so two operators' equal keys name two payments.
     */
    public static UUID paymentIdFor(String caller, String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("direct:" + caller + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The Idempotency-Key sent to the provider for the charge of a direct payment. */
    public static String providerKey(UUID paymentId) {
        return "direct-" + paymentId;
    }

    /** What the provider is told about the charge (its {@code description}); its {@code orderId} is the payment id. */
    public static String description(String reference) {
        return "direct payment " + reference;
    }

    /** The status a provider answer gives a direct payment (a direct payment is never refunded here). */
    public static PaymentStatus statusOf(PaymentSaga.ChargeResult result) {
        return switch (result) {
            case PaymentSaga.Succeeded s -> PaymentStatus.CAPTURED;
            case PaymentSaga.Declined d -> PaymentStatus.DECLINED;
        };
    }
}
