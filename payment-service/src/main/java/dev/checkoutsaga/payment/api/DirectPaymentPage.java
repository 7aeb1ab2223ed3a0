package dev.checkoutsaga.payment.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** One page of {@code GET /payments/direct}: oldest first; {@code nextCursor} is null on the last page. */
public record DirectPaymentPage(List<PaymentView> items,
        @Schema(nullable = true, description = "The cursor of the next page; null on the last page") String nextCursor) {
}
