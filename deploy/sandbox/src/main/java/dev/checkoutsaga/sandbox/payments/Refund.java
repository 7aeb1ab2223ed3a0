package dev.checkoutsaga.sandbox.payments;

import java.time.Instant;
import java.util.UUID;

/** A refund of (part of) a succeeded charge; refunds always succeed in the sandbox. */
public record Refund(String id, String object, String status, String charge, long amount, String currency, UUID orderId,
        Instant created) {

    public static Refund succeeded(String id, Charge charge, long amount, Instant created) {
        return new Refund(id, "refund", "succeeded", charge.id(), amount, charge.currency(), charge.orderId(), created);
    }
}
