package dev.checkoutsaga.sandbox.carrier;

import java.util.List;

import dev.checkoutsaga.sandbox.SandboxMetrics;
import dev.checkoutsaga.sandbox.ledger.Ids;
import dev.checkoutsaga.sandbox.ledger.Ledger;
import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The carrier's rules: postal code {@code 00000} is not deliverable (422, nothing booked, nothing
 * recorded); any other address is booked. Cancelling is idempotent: a cancelled shipment stays
 * cancelled and is answered as it is.
 */
@ApplicationScoped
public class Carrier {
    public static final String UNDELIVERABLE_POSTAL_CODE = "00000";

    @Inject
    Ledger ledger;
    @Inject
    SandboxMetrics metrics;

    /** @throws ProblemException 422 address not deliverable */
    public Shipment book(ShipmentRequest request) {
        if (UNDELIVERABLE_POSTAL_CODE.equals(request.address().postalCode())) {
            metrics.shipment("undeliverable");
            throw ProblemException.unprocessable("address not deliverable",
                    List.of(new Problem.FieldError("address.postalCode", "not deliverable")));
        }
        Shipment shipment = Shipment.booked(Ids.newId("shp_"), Ids.trackingNumber(), request.orderId(), Ids.now());
        ledger.recordShipment(shipment);
        metrics.shipment("booked");
        return shipment;
    }

    /** @throws ProblemException 404 unknown shipment */
    public Shipment cancel(String shipmentId) {
        Ledger.Cancellation c = ledger.cancelShipment(shipmentId, Ids.now())
                .orElseThrow(() -> ProblemException.notFound("shipment " + shipmentId));
        if (c.changed()) {
            metrics.shipment("cancelled");
        }
        return c.shipment();
    }

    /** @throws ProblemException 404 */
    public Shipment get(String shipmentId) {
        return ledger.shipment(shipmentId).orElseThrow(() -> ProblemException.notFound("shipment " + shipmentId));
    }
}
