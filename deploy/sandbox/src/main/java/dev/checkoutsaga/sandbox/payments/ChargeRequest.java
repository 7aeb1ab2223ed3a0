package dev.checkoutsaga.sandbox.payments;

import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /v1/charges}; amount in integer minor units (3998 = 39.98). */
public record ChargeRequest(
        @NotNull @Positive @Max(PaymentProvider.MAX_AMOUNT) Long amount,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code of 3 upper-case letters, e.g. EUR") String currency,
        @NotNull @Size(min = 1, max = 128) String source,
        @NotNull UUID orderId,
        @Size(max = 1000) String description) {
}
