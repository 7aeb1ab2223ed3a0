package dev.checkoutsaga.sandbox.ledger;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.checkoutsaga.sandbox.idempotency.Idempotency;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Local runs and tests only: start from an empty sandbox. */
@Path("/v1/admin")
@Tag(name = "admin")
public class AdminResource {

    @Inject
    Ledger ledger;
    @Inject
    Idempotency idempotency;

    @POST
    @Path("/reset")
    @Operation(summary = "Forget every charge, refund, shipment and idempotency key (204)")
    public void reset() {
        idempotency.clear();
        ledger.clear();
    }
}
