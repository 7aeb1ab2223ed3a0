package dev.checkoutsaga.sandbox.payments;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /v1/refunds}; without {@code amount} the whole remaining refundable amount. */
public record RefundRequest(
        @NotNull @Size(min = 1, max = 64) String charge,
        @Positive @Max(PaymentProvider.MAX_AMOUNT) Long amount) {
}
