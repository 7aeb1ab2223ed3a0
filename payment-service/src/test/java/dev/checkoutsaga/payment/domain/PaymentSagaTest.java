package dev.checkoutsaga.payment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.payment.domain.PaymentSaga.Succeeded;
import dev.checkoutsaga.payment.domain.PaymentSaga.TokenState;

/** The rules one by one; {@link PaymentSagaInterleavingTest} checks them against every event order. */
class PaymentSagaTest {
    static final PaymentSaga.ChargeBounds BOUNDS = new PaymentSaga.ChargeBounds(1_000_000, java.util.Set.of("EUR"));

    private static final Money TOTAL = new Money(3998, "EUR");

    @Test
    void paymentIdAndIdempotencyKeysAreDeterministicPerOrder() {
        UUID orderId = UUID.randomUUID();
        UUID paymentId = PaymentSaga.paymentIdFor(orderId);
        assertEquals(paymentId, PaymentSaga.paymentIdFor(UUID.fromString(orderId.toString())));
        assertFalse(paymentId.equals(PaymentSaga.paymentIdFor(UUID.randomUUID())));
        assertEquals("charge-" + paymentId, PaymentSaga.chargeKey(paymentId));
        assertEquals("refund-" + paymentId, PaymentSaga.refundKey(paymentId));
    }

    @Test
    void stockReservedCreatesAPaymentOnlyForAnUnknownOrder() {
        assertInstanceOf(PaymentSaga.CreatePayment.class, PaymentSaga.onStockReserved(PaymentStatus.NEW, TOTAL, TokenState.READABLE, BOUNDS));
        for (PaymentStatus s : PaymentStatus.values()) {
            if (s != PaymentStatus.NEW) {
                assertInstanceOf(PaymentSaga.IgnoreReserved.class, PaymentSaga.onStockReserved(s, TOTAL, TokenState.READABLE, BOUNDS), s.name());
            }
        }
    }

    @Test
    void stockReservedWithUnchargeableDetailsIsDeclinedWithoutCallingTheProvider() {
        assertEquals(new PaymentSaga.DeclineAtOnce("invalid_amount"),
                PaymentSaga.onStockReserved(PaymentStatus.NEW, new Money(0, "EUR"), TokenState.READABLE, BOUNDS));
        assertEquals(new PaymentSaga.DeclineAtOnce("invalid_amount"),
                PaymentSaga.onStockReserved(PaymentStatus.NEW, null, TokenState.READABLE, BOUNDS));
        assertEquals(new PaymentSaga.DeclineAtOnce("missing_payment_token"),
                PaymentSaga.onStockReserved(PaymentStatus.NEW, TOTAL, TokenState.MISSING, BOUNDS));
        assertEquals(new PaymentSaga.DeclineAtOnce("unreadable_payment_token"),
                PaymentSaga.onStockReserved(PaymentStatus.NEW, TOTAL, TokenState.UNREADABLE, BOUNDS));
    }

    @Test
    void aTotalBeyondTheConfiguredBoundsOrInAnotherCurrencyIsDeclinedWithoutCallingTheProvider() {
        assertEquals(new PaymentSaga.DeclineAtOnce("amount_out_of_bounds"),
                PaymentSaga.onStockReserved(PaymentStatus.NEW, new Money(1_000_001, "EUR"), TokenState.READABLE, BOUNDS));
        assertInstanceOf(PaymentSaga.CreatePayment.class,
                PaymentSaga.onStockReserved(PaymentStatus.NEW, new Money(1_000_000, "EUR"), TokenState.READABLE, BOUNDS));
        assertEquals(new PaymentSaga.DeclineAtOnce("currency_not_accepted"),
                PaymentSaga.onStockReserved(PaymentStatus.NEW, new Money(100, "USD"), TokenState.READABLE, BOUNDS));
    }

    @Test
    void chargeStepCallsTheProviderUnlessCancelledBeforeItsFirstAttempt() {
        assertInstanceOf(PaymentSaga.Charge.class, PaymentSaga.beforeCharge(PaymentStatus.PENDING, false, false, false));
        assertInstanceOf(PaymentSaga.Charge.class, PaymentSaga.beforeCharge(PaymentStatus.PENDING, false, true, false));
        assertInstanceOf(PaymentSaga.SettleWithoutCharging.class, PaymentSaga.beforeCharge(PaymentStatus.PENDING, true, false, false));
        // a retry may follow an attempt that reached the provider: replay it with the same key
        assertInstanceOf(PaymentSaga.Charge.class, PaymentSaga.beforeCharge(PaymentStatus.PENDING, true, true, false));
        assertInstanceOf(PaymentSaga.SkipCharge.class, PaymentSaga.beforeCharge(PaymentStatus.CAPTURED, false, true, false));
        assertInstanceOf(PaymentSaga.SkipCharge.class, PaymentSaga.beforeCharge(PaymentStatus.CANCELLED, true, true, false));
    }

    @Test
    void aChargeIsNotStartedPastTheOrdersDeadlineButARetryGoesOnAndTheCancellationSettlesTheExpiredPayment() {
        assertInstanceOf(PaymentSaga.ExpireWithoutCharging.class, PaymentSaga.beforeCharge(PaymentStatus.PENDING, false, false, true));
        // an earlier attempt may have charged: only the same key tells, so it is asked (and a cancel refunds)
        assertInstanceOf(PaymentSaga.Charge.class, PaymentSaga.beforeCharge(PaymentStatus.PENDING, false, true, true));
        // a cancellation handled first settles without a call, deadline or not
        assertInstanceOf(PaymentSaga.SettleWithoutCharging.class, PaymentSaga.beforeCharge(PaymentStatus.PENDING, true, false, true));
        assertInstanceOf(PaymentSaga.SettleNothingCharged.class, PaymentSaga.onCancellationRequested(PaymentStatus.EXPIRED, false));
    }

    @Test
    void chargeResultIsRecordedAsCaptureOrDeclineOrUndoneWhenCancelledMeanwhile() {
        assertEquals(new PaymentSaga.Capture("ch_1"),
                PaymentSaga.onChargeResult(PaymentStatus.PENDING, false, new Succeeded("ch_1")));
        assertEquals(new PaymentSaga.Decline("card_declined"),
                PaymentSaga.onChargeResult(PaymentStatus.PENDING, false, new PaymentSaga.Declined("card_declined")));
        assertEquals(new PaymentSaga.RefundCancelledCharge("ch_1"),
                PaymentSaga.onChargeResult(PaymentStatus.PENDING, true, new Succeeded("ch_1")));
        assertEquals(new PaymentSaga.SettleDeclined("card_declined"),
                PaymentSaga.onChargeResult(PaymentStatus.PENDING, true, new PaymentSaga.Declined("card_declined")));
        assertInstanceOf(PaymentSaga.IgnoreChargeResult.class,
                PaymentSaga.onChargeResult(PaymentStatus.CAPTURED, false, new Succeeded("ch_1")));
    }

    @Test
    void cancellationSettlesByStateAndOnlyOnce() {
        assertInstanceOf(PaymentSaga.Tombstone.class, PaymentSaga.onCancellationRequested(PaymentStatus.NEW, false));
        assertInstanceOf(PaymentSaga.MarkCancelRequested.class, PaymentSaga.onCancellationRequested(PaymentStatus.PENDING, false));
        assertInstanceOf(PaymentSaga.StartRefund.class, PaymentSaga.onCancellationRequested(PaymentStatus.CAPTURED, false));
        assertInstanceOf(PaymentSaga.SettleNothingCharged.class, PaymentSaga.onCancellationRequested(PaymentStatus.DECLINED, false));
        for (PaymentStatus s : PaymentStatus.values()) {
            if (s != PaymentStatus.NEW) {
                assertInstanceOf(PaymentSaga.IgnoreCancel.class, PaymentSaga.onCancellationRequested(s, true), s.name());
            }
        }
        for (PaymentStatus s : new PaymentStatus[] { PaymentStatus.CANCELLED, PaymentStatus.REFUND_PENDING,
                PaymentStatus.REFUNDED, PaymentStatus.TOMBSTONE }) {
            assertInstanceOf(PaymentSaga.IgnoreCancel.class, PaymentSaga.onCancellationRequested(s, false), s.name());
        }
    }

    @Test
    void refundStepRunsOnlyForAPendingRefund() {
        assertInstanceOf(PaymentSaga.Refund.class, PaymentSaga.beforeRefund(PaymentStatus.REFUND_PENDING));
        assertInstanceOf(PaymentSaga.SkipRefund.class, PaymentSaga.beforeRefund(PaymentStatus.REFUNDED));
        assertInstanceOf(PaymentSaga.RecordRefund.class,
                PaymentSaga.onRefundResult(PaymentStatus.REFUND_PENDING, new PaymentSaga.RefundSucceeded("re_1")));
        assertEquals(new PaymentSaga.RecordRefusal("refund_refused_422", "charge too old"),
                PaymentSaga.onRefundResult(PaymentStatus.REFUND_PENDING, new PaymentSaga.RefundRefused(422, "charge too old")));
        assertInstanceOf(PaymentSaga.IgnoreRefundResult.class,
                PaymentSaga.onRefundResult(PaymentStatus.REFUNDED, new PaymentSaga.RefundSucceeded("re_1")));
        assertInstanceOf(PaymentSaga.RetryRefund.class, PaymentSaga.onRefundRetry(PaymentStatus.REFUND_FAILED));
        assertInstanceOf(PaymentSaga.RefuseRetry.class, PaymentSaga.onRefundRetry(PaymentStatus.REFUNDED));
    }

    @Test
    void capturedIsTheAmountOnlyOnceTheChargeSucceeded() {
        assertEquals(3998, PaymentSaga.capturedMinor("ch_1", 3998L));
        assertEquals(0, PaymentSaga.capturedMinor(null, 3998L));
        assertEquals(0, PaymentSaga.capturedMinor(null, null));
    }
}
