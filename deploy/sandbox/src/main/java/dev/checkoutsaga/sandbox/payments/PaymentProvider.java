package dev.checkoutsaga.sandbox.payments;

import java.time.Instant;

import dev.checkoutsaga.sandbox.SandboxMetrics;
import dev.checkoutsaga.sandbox.ledger.Ids;
import dev.checkoutsaga.sandbox.ledger.Ledger;
import dev.checkoutsaga.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The payment provider's rules. Outcomes are deterministic by card token:
 * <ul>
 * <li>{@code tok_visa}: succeeded (201)</li>
 * <li>{@code tok_declined}: failed, {@code card_declined} (402)</li>
 * <li>{@code tok_insufficient_funds}: failed, {@code insufficient_funds} (402)</li>
 * <li>any other token: failed, {@code invalid_token} (402)</li>
 * </ul>
 * Failed charges are recorded in the ledger but move no money. Refunds never exceed what a charge
 * captured, counting every earlier refund (checked atomically per charge by the ledger).
 */
@ApplicationScoped
public class PaymentProvider {
    /** Largest amount of one charge or refund, in minor units (Stripe's limit: 8 digits). */
    public static final long MAX_AMOUNT = 99_999_999L;
    public static final String TOKEN_OK = "tok_visa";
    public static final String TOKEN_DECLINED = "tok_declined";
    public static final String TOKEN_INSUFFICIENT_FUNDS = "tok_insufficient_funds";

    @Inject
    Ledger ledger;
    @Inject
    SandboxMetrics metrics;

    /** A charge, succeeded or failed by token; recorded either way. */
    public Charge charge(ChargeRequest request) {
        String id = Ids.newId("ch_");
        Instant now = Ids.now();
        String failureCode = switch (request.source()) {
            case TOKEN_OK -> null;
            case TOKEN_DECLINED -> "card_declined";
            case TOKEN_INSUFFICIENT_FUNDS -> "insufficient_funds";
            default -> "invalid_token";
        };
        Charge charge = failureCode == null
                ? Charge.succeeded(id, request.amount(), request.currency(), request.orderId(), request.description(), now)
                : Charge.failed(id, failureCode, request.amount(), request.currency(), request.orderId(), request.description(), now);
        ledger.recordCharge(charge);
        metrics.charge(charge.status(), failureCode);
        return charge;
    }

    /** @throws ProblemException 404 unknown charge; 409 charge not succeeded or amount above what remains */
    public Refund refund(RefundRequest request) {
        Refund refund = ledger.refund(request.charge(), request.amount(), Ids.newId("re_"), Ids.now());
        metrics.refund(refund.amount());
        return refund;
    }

    /** @throws ProblemException 404 */
    public Charge get(String chargeId) {
        return ledger.charge(chargeId).orElseThrow(() -> ProblemException.notFound("charge " + chargeId));
    }
}
