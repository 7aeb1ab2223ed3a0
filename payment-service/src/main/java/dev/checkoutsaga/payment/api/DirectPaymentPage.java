package dev.checkoutsaga.payment.api;

import java.util.List;

/** One page of {@code GET /payments/direct}: oldest first; {@code nextCursor} is null on the last page. */
public record DirectPaymentPage(List<PaymentView> items, String nextCursor) {
}
