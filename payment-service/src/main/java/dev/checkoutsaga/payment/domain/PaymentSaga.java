package dev.checkoutsaga.payment.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.SagaEvent.PaymentCaptured;
import dev.checkoutsaga.events.SagaEvent.PaymentDeclined;
import dev.checkoutsaga.events.SagaEvent.PaymentRefundFailed;
import dev.checkoutsaga.events.SagaEvent.PaymentSettled;
import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.steps.SagaDecision;

/**
 * payment-service's saga rules, all in one place. Plain Java: each method gets the order's payment
 * record as it is under the row lock (status, whether a cancellation was handled) and decides what
 * happens, and each decision carries what it does ({@link Decision}: the payment's next status,
 * whether it settles, the events, the steps). The caller applies it and commits.
 *
 * <pre>
 *                 StockReserved                 charge 201                   cancel
 *   (none) ─────────────────────► PENDING ───────────────────► CAPTURED ───────────────► REFUND_PENDING
 *     │                             │  │ charge 402/400                                     │ refund 201
 *     │ cancel                      │  └──────────────────────► DECLINED ──cancel──► (settled, zero)
 *     ▼                             │ cancel: cancel_requested                             ▼
 *   TOMBSTONE (settled, zero)       │   charge step, first attempt ─► CANCELLED (settled, zero)     REFUNDED
 *                                   │                                  (refund 400/402/404/422 ─► REFUND_FAILED, not settled;
 *                                   │                                   an operator's retry ─► REFUND_PENDING)
 *                                   │   charge step, first attempt past the order's deadline ─► EXPIRED ─cancel─► (settled, zero)
 *                                   │   charge step, retry: replay the charge with the same key     (settled,
 *                                   │     201 ─► REFUND_PENDING (no PaymentCaptured)                 amount)
 *                                   │     402 ─► DECLINED (settled, zero; no PaymentDeclined)
 * </pre>
 *
 * <p>Every order settles exactly once: {@code cancelRequested} is set by the first cancellation
 * handled and every later one is ignored; PaymentSettled is emitted by whichever path finishes the
 * undo (the cancel handler itself, the charge step or the refund step). Every rule is idempotent by
 * state, so a repeated StockReserved (new event id) does nothing, and commutes with cancellation.
 */
public final class PaymentSaga {

    /** Step kinds (platform/steps). */
    public static final String CHARGE_STEP = "charge";
    public static final String REFUND_STEP = "refund";

    /**
     * ISO 4217 "XXX" = "no currency". PaymentSettled of a tombstone carries {@code Money(0, "XXX")}:
     * nothing was refunded and payment-service never learned the order's currency (the
     * cancellation carries none), yet {@link Money} needs one.
     */
    public static final String NO_CURRENCY = "XXX";

    private PaymentSaga() {
    }

    /**
     * What the events of the decisions are built from: the payment record's facts after the decision.
     *
     * @param amount the order's total; null when the event carried none that could be stored
     * @param currency the order's currency, {@link #NO_CURRENCY} when payment-service never learned it
     * @param captured what the provider captured (zero when nothing was)
     * @param refunded what the provider refunded (zero when nothing was)
     */
    public record PaymentFacts(UUID orderId, UUID paymentId, Money amount, String currency,
            ShippingAddress shippingAddress, Instant deadline, Money captured, Money refunded) {
    }

    /** Every decision of this machine carries its effects on the payment record, its events and its steps. */
    public interface Decision extends SagaDecision<PaymentStatus, PaymentFacts> {
    }

    /** PaymentSettled with what was refunded: payment's part of a cancelled order is undone. */
    private static List<SagaEvent> settled(PaymentFacts p) {
        return List.of(new PaymentSettled(p.orderId(), p.refunded()));
    }

    /** The payment id of an order: UUID v3 of {@code "payment:" + orderId}, the same on every delivery. */
    public static UUID paymentIdFor(UUID orderId) {
        return UUID.nameUUIDFromBytes(("payment:" + orderId).getBytes(StandardCharsets.UTF_8));
    }

    /** Idempotency-Key of the charge, sent on every attempt. */
    public static String chargeKey(UUID paymentId) {
        return "charge-" + paymentId;
    }

    /** Idempotency-Key of the refund, sent on every attempt. */
    public static String refundKey(UUID paymentId) {
        return "refund-" + paymentId;
    }

    // ---------------------------------------------------------------- StockReserved

    public sealed interface ReservedDecision extends Decision {
    }

    /** Record PENDING (amount, token, address, deadline) and schedule the charge step. */
    public record CreatePayment() implements ReservedDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.PENDING;
        }

        @Override
        public List<String> steps() {
            return List.of(CHARGE_STEP);
        }
    }

    /** The payment details cannot be charged: record DECLINED(code) and emit PaymentDeclined at once. */
    public record DeclineAtOnce(String failureCode) implements ReservedDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.DECLINED;
        }

        @Override
        public List<SagaEvent> events(PaymentFacts p) {
            return List.of(new PaymentDeclined(p.orderId(), p.paymentId(), failureCode));
        }
    }

    /** Already has a payment, or tombstoned: change nothing, emit nothing. */
    public record IgnoreReserved(String why) implements ReservedDecision {
    }

    /** What an order's charge may be: at most {@code maxAmount} minor units, in one of {@code currencies}. */
    public record ChargeBounds(long maxAmount, java.util.Set<String> currencies) {
    }

    /** What payment-service could make of the sealed card token an event carried. */
    public enum TokenState {
        /** It opened with a key on the ring, for this order. */
        READABLE,
        /** None was sent. */
        MISSING,
        /** Not sealed, sealed for another order, altered, or sealed with a key no longer on the ring. */
        UNREADABLE
    }

    public static ReservedDecision onStockReserved(PaymentStatus status, Money total, TokenState token,
            ChargeBounds bounds) {
        if (status == PaymentStatus.TOMBSTONE) {
            return new IgnoreReserved("cancelled before stock was reserved (tombstone)");
        }
        if (status != PaymentStatus.NEW) {
            return new IgnoreReserved("the order already has a payment (" + status + ")");
        }
        if (total == null || total.amountMinor() <= 0) {
            return new DeclineAtOnce("invalid_amount");
        }
        // the total comes from another service's event: charged only within the configured bounds
        if (total.amountMinor() > bounds.maxAmount()) {
            return new DeclineAtOnce("amount_out_of_bounds");
        }
        if (!bounds.currencies().contains(total.currency())) {
            return new DeclineAtOnce("currency_not_accepted");
        }
        if (token == TokenState.MISSING) {
            return new DeclineAtOnce("missing_payment_token");
        }
        // never charged: a token that does not open is not from order-service, or not for this order
        if (token == TokenState.UNREADABLE) {
            return new DeclineAtOnce("unreadable_payment_token");
        }
        return new CreatePayment();
    }

    // ---------------------------------------------------------------- charge step

    public sealed interface ChargePlan extends Decision {
    }

    /** Call the provider with {@link #chargeKey}. */
    public record Charge() implements ChargePlan {
    }

    /** Cancelled before any attempt could reach the provider: CANCELLED, PaymentSettled(zero), no call. */
    public record SettleWithoutCharging() implements ChargePlan {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.CANCELLED;
        }

        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(PaymentFacts p) {
            return settled(p);
        }
    }

    /**
     * The order's deadline passed before the first attempt (nothing can have reached the provider):
     * EXPIRED, no call, no event; the cancellation that the deadline brings settles it.
     */
    public record ExpireWithoutCharging() implements ChargePlan {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.EXPIRED;
        }
    }

    /** Nothing left to charge (the step outlived its purpose): just complete the step. */
    public record SkipCharge(String why) implements ChargePlan {
    }

    /**
     * Before the call. {@code isRetry}: an earlier attempt of this step may have reached the
     * provider, so a cancelled payment must replay the charge (same key) to learn its outcome.
     */
    public static ChargePlan beforeCharge(PaymentStatus status, boolean cancelRequested, boolean isRetry,
            boolean deadlinePassed) {
        if (status != PaymentStatus.PENDING) {
            return new SkipCharge("payment is " + status);
        }
        if (cancelRequested && !isRetry) {
            return new SettleWithoutCharging();
        }
        // a retry must go on (same key): an earlier attempt may have charged, and only the provider knows
        if (deadlinePassed && !isRetry) {
            return new ExpireWithoutCharging();
        }
        return new Charge();
    }

    /** What the provider answered (a business answer; transport failures never get here). */
    public sealed interface ChargeResult {
    }

    public record Succeeded(String chargeId) implements ChargeResult {
    }

    public record Declined(String failureCode) implements ChargeResult {
    }

    public sealed interface ChargeDecision extends Decision {
    }

    /** CAPTURED(chargeId); emit PaymentCaptured. */
    public record Capture(String chargeId) implements ChargeDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.CAPTURED;
        }

        @Override
        public List<SagaEvent> events(PaymentFacts p) {
            return List.of(new PaymentCaptured(p.orderId(), p.paymentId(), p.amount(), p.shippingAddress(), p.deadline()));
        }
    }

    /** DECLINED(code); emit PaymentDeclined. */
    public record Decline(String failureCode) implements ChargeDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.DECLINED;
        }

        @Override
        public List<SagaEvent> events(PaymentFacts p) {
            return List.of(new PaymentDeclined(p.orderId(), p.paymentId(), failureCode));
        }
    }

    /** Charged but cancelled meanwhile: REFUND_PENDING(chargeId), schedule the refund; no PaymentCaptured. */
    public record RefundCancelledCharge(String chargeId) implements ChargeDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.REFUND_PENDING;
        }

        @Override
        public List<String> steps() {
            return List.of(REFUND_STEP);
        }
    }

    /** Declined and cancelled meanwhile: DECLINED(code), settle with zero; no PaymentDeclined. */
    public record SettleDeclined(String failureCode) implements ChargeDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.DECLINED;
        }

        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(PaymentFacts p) {
            return settled(p);
        }
    }

    /** The record moved on (must not happen: only this step leaves PENDING). Record nothing. */
    public record IgnoreChargeResult(String why) implements ChargeDecision {
    }

    /** After the call, under the row lock: a cancellation may have been handled while the call ran. */
    public static ChargeDecision onChargeResult(PaymentStatus status, boolean cancelRequested, ChargeResult result) {
        if (status != PaymentStatus.PENDING) {
            return new IgnoreChargeResult("payment is already " + status);
        }
        return switch (result) {
            case Succeeded s -> cancelRequested ? new RefundCancelledCharge(s.chargeId()) : new Capture(s.chargeId());
            case Declined d -> cancelRequested ? new SettleDeclined(d.failureCode()) : new Decline(d.failureCode());
        };
    }

    // ---------------------------------------------------------------- OrderCancellationRequested

    public sealed interface CancelDecision extends Decision {
    }

    /** Nothing known about the order: TOMBSTONE, settled, PaymentSettled(0 XXX). */
    public record Tombstone() implements CancelDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.TOMBSTONE;
        }

        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(PaymentFacts p) {
            return settled(p);
        }
    }

    /** The charge step is pending: set cancel_requested (still PENDING); the step settles. */
    public record MarkCancelRequested() implements CancelDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.PENDING;
        }
    }

    /** Captured: REFUND_PENDING and schedule the refund step; it settles. */
    public record StartRefund() implements CancelDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.REFUND_PENDING;
        }

        @Override
        public List<String> steps() {
            return List.of(REFUND_STEP);
        }
    }

    /** Declined or expired: nothing was charged; settle now (in its status) with zero in the order's currency. */
    public record SettleNothingCharged() implements CancelDecision {
        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(PaymentFacts p) {
            return settled(p);
        }
    }

    /** Already handled a cancellation (settled or settling): change nothing, emit nothing. */
    public record IgnoreCancel(String why) implements CancelDecision {
    }

    public static CancelDecision onCancellationRequested(PaymentStatus status, boolean cancelRequested) {
        if (status == PaymentStatus.NEW) {
            return new Tombstone();
        }
        if (cancelRequested) {
            return new IgnoreCancel("cancellation already handled (" + status + ")");
        }
        return switch (status) {
            case PENDING -> new MarkCancelRequested();
            case CAPTURED -> new StartRefund();
            case DECLINED, EXPIRED -> new SettleNothingCharged();
            // these states are only reached through a cancellation (cancelRequested is set): defensive
            case NEW, CANCELLED, REFUND_PENDING, REFUND_FAILED, REFUNDED, TOMBSTONE -> new IgnoreCancel("already " + status);
        };
    }

    // ---------------------------------------------------------------- refund step

    public sealed interface RefundPlan extends Decision {
    }

    /** Refund the whole captured amount with {@link #refundKey}. */
    public record Refund() implements RefundPlan {
    }

    public record SkipRefund(String why) implements RefundPlan {
    }

    public static RefundPlan beforeRefund(PaymentStatus status) {
        return status == PaymentStatus.REFUND_PENDING ? new Refund() : new SkipRefund("payment is " + status);
    }

    /** What the provider answered the refund (a business answer; transport failures never get here). */
    public sealed interface RefundResult {
    }

    /** Refunded the whole captured amount. */
    public record RefundSucceeded(String refundId) implements RefundResult {
    }

    /** Refused for good (400/402/404/422): retrying the same request cannot help. */
    public record RefundRefused(int providerStatus, String message) implements RefundResult {
    }

    public sealed interface RefundDecision extends Decision {
    }

    /** REFUNDED (the captured amount), settled, PaymentSettled(amount). */
    public record RecordRefund(String refundId) implements RefundDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.REFUNDED;
        }

        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(PaymentFacts p) {
            return settled(p);
        }
    }

    /**
     * REFUND_FAILED (failure code {@code refund_refused_<status>}) and PaymentRefundFailed for the
     * order's timeline; nothing settles: the money is still charged and a person must act.
     */
    public record RecordRefusal(String failureCode, String message) implements RefundDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.REFUND_FAILED;
        }

        @Override
        public List<SagaEvent> events(PaymentFacts p) {
            return List.of(new PaymentRefundFailed(p.orderId(), p.paymentId(), p.captured(), message));
        }
    }

    /** The record moved on (another run recorded the answer): change nothing. */
    public record IgnoreRefundResult(String why) implements RefundDecision {
    }

    /** After the call, under the row lock. */
    public static RefundDecision onRefundResult(PaymentStatus status, RefundResult result) {
        if (status != PaymentStatus.REFUND_PENDING) {
            return new IgnoreRefundResult("payment is already " + status);
        }
        return switch (result) {
            case RefundSucceeded r -> new RecordRefund(r.refundId());
            case RefundRefused r -> new RecordRefusal("refund_refused_" + r.providerStatus(), r.message());
        };
    }

    public sealed interface RetryRefundDecision extends Decision {
    }

    /** An operator's retry of a refused refund: back to REFUND_PENDING with a new refund step. */
    public record RetryRefund() implements RetryRefundDecision {
        @Override
        public PaymentStatus status() {
            return PaymentStatus.REFUND_PENDING;
        }

        @Override
        public List<String> steps() {
            return List.of(REFUND_STEP);
        }
    }

    /** Only a refund in REFUND_FAILED can be retried. */
    public record RefuseRetry(String why) implements RetryRefundDecision {
    }

    public static RetryRefundDecision onRefundRetry(PaymentStatus status) {
        return status == PaymentStatus.REFUND_FAILED ? new RetryRefund()
                : new RefuseRetry("payment is " + status + "; only a refund in REFUND_FAILED can be retried");
    }


    // ---------------------------------------------------------------- views

    /** What the provider captured for this payment: the amount when the charge succeeded, else zero. */
    public static long capturedMinor(String providerChargeId, Long amountMinor) {
        return providerChargeId != null && amountMinor != null ? amountMinor : 0;
    }
}
