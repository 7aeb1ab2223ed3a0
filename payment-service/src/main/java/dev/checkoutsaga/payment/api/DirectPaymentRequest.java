package dev.checkoutsaga.payment.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /payments}. Field names are a public contract; every input is bounded (the
 * upper bound of {@code amount.amount} and the accepted currencies are configuration, checked by
 * {@link DirectCharges}).
 */
@Schema(description = "A direct charge outside the checkout saga")
public record DirectPaymentRequest(
        @Schema(description = "The client's reference (e.g. a support ticket), 1..64 characters", example = "ticket-4711")
        @NotBlank @Size(max = 64) String reference,
        @NotNull @Valid Amount amount,
        @Schema(description = "The card token to charge", example = "tok_visa")
        @NotNull @Size(max = 128) @Pattern(regexp = "tok_[A-Za-z0-9_]+", message = "must be a card token (tok_...)") String paymentToken) {

    /** Integer minor units (1999 = 19.99) and an ISO 4217 currency. */
    public record Amount(
            @Schema(description = "Minor units, positive, at most payment.direct.max-amount", example = "1999")
            @NotNull @Positive Long amount,
            @Schema(description = "ISO 4217, one of payment.direct.currencies", example = "EUR")
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code of 3 upper-case letters") String currency) {
    }
}
