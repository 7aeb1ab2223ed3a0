package dev.checkoutsaga.sandbox;

import dev.checkoutsaga.sandbox.carrier.Shipment;
import dev.checkoutsaga.sandbox.carrier.ShipmentRequest;
import dev.checkoutsaga.sandbox.idempotency.IdempotencyStore;
import dev.checkoutsaga.sandbox.idempotency.StoredReply;
import dev.checkoutsaga.sandbox.ledger.Ledger;
import dev.checkoutsaga.sandbox.ledger.LedgerSummary;
import dev.checkoutsaga.sandbox.ledger.OrderLedger;
import dev.checkoutsaga.sandbox.ledger.SandboxState;
import dev.checkoutsaga.sandbox.payments.Charge;
import dev.checkoutsaga.sandbox.payments.ChargeRequest;
import dev.checkoutsaga.sandbox.payments.Refund;
import dev.checkoutsaga.sandbox.payments.RefundRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images: types the sandbox turns into JSON outside the resource signatures that Quarkus REST
 * registers by itself. Records are not registered transitively, so nested types are listed too.
 * <ul>
 * <li>{@code Charge}, {@code Refund}, {@code Shipment}: rendered by {@code Idempotency} with an
 * {@code ObjectMapper} into a stored reply (the create endpoints return a {@code Response}).</li>
 * <li>the request records: serialized for the idempotency fingerprint.</li>
 * <li>{@code LedgerSummary}, {@code OrderLedger}: {@code GET /v1/ledger} is declared to return {@code Object}.</li>
 * <li>{@code SandboxState.Saved} and what it holds: the state file ({@code sandbox.state-file}).</li>
 * </ul>
 * {@code Problem} is registered by web's {@code WebReflection}.
 */
@RegisterForReflection(targets = {
        Charge.class,
        Refund.class,
        Shipment.class,
        ChargeRequest.class,
        RefundRequest.class,
        ShipmentRequest.class,
        ShipmentRequest.Address.class,
        ShipmentRequest.Parcel.class,
        LedgerSummary.class,
        LedgerSummary.OrderTotals.class,
        OrderLedger.class,
        SandboxState.Saved.class,
        Ledger.State.class,
        Ledger.SavedCharge.class,
        Ledger.SavedOrder.class,
        IdempotencyStore.Saved.class,
        StoredReply.class,
})
public final class NativeReflection {
    private NativeReflection() {
    }
}
