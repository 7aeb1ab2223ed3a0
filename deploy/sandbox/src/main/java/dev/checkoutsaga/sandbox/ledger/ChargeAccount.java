package dev.checkoutsaga.sandbox.ledger;

import java.time.Instant;

import dev.checkoutsaga.sandbox.payments.Charge;
import dev.checkoutsaga.sandbox.payments.Refund;
import dev.checkoutsaga.web.ProblemException;
import jakarta.ws.rs.core.Response;

/** One charge and what has been refunded of it; refunds of one charge are serialized on this object. */
final class ChargeAccount {
    private final Charge charge;
    private long refunded;

    ChargeAccount(Charge charge) {
        this(charge, 0);
    }

    ChargeAccount(Charge charge, long refunded) {
        this.charge = charge;
        this.refunded = refunded;
    }

    Charge charge() {
        return charge;
    }

    synchronized long refunded() {
        return refunded;
    }

    synchronized Charge view() {
        return charge.withAmountRefunded(refunded);
    }

    /**
     * Refunds {@code requested} (null = all that remains), never more than was captured.
     *
     * @throws ProblemException 409 when the charge did not succeed, is fully refunded, or the
     *         amount exceeds what remains refundable
     */
    synchronized Refund refund(Long requested, String refundId, Instant now) {
        if (!charge.isSucceeded()) {
            throw new ProblemException(Response.Status.CONFLICT,
                    "charge " + charge.id() + " is " + charge.status() + ": only a succeeded charge can be refunded");
        }
        long remaining = charge.amount() - refunded;
        if (remaining == 0) {
            throw new ProblemException(Response.Status.CONFLICT, "charge " + charge.id() + " is already fully refunded");
        }
        long amount = requested == null ? remaining : requested;
        if (amount > remaining) {
            throw ProblemException.field(Response.Status.CONFLICT, "amount",
                    "exceeds the refundable remainder of charge " + charge.id() + " (" + remaining + ")");
        }
        refunded += amount;
        return Refund.succeeded(refundId, charge, amount, now);
    }
}
