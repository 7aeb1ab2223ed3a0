package dev.checkoutsaga.sandbox.carrier;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.checkoutsaga.sandbox.idempotency.Idempotency;
import dev.checkoutsaga.sandbox.idempotency.Reply;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Shipments: book (idempotent), cancel (idempotent by nature, key optional), read. */
@Path("/v1/shipments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "carrier")
public class ShipmentResource {
    static final String BOOK = "POST /v1/shipments";
    static final String CANCEL = "POST /v1/shipments/{id}/cancel";

    @Inject
    Carrier carrier;
    @Inject
    Idempotency idempotency;
    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Book a shipment", description = "Idempotency-Key required. 201 booked; "
            + "postal code 00000 is not deliverable (422, stored and replayed like any outcome).")
    public Response book(@HeaderParam(Idempotency.HEADER) String key, @NotNull @Valid ShipmentRequest body) {
        return idempotency.execute(BOOK, uri.getPath(), key, body, () -> Reply.created(carrier.book(body)));
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a shipment", description = "200 with status cancelled, also when it already was; "
            + "404 unknown. Idempotency-Key optional.")
    public Response cancel(@HeaderParam(Idempotency.HEADER) String key, @PathParam("id") String id) {
        return idempotency.executeOptional(CANCEL, uri.getPath(), key, null, () -> Reply.ok(carrier.cancel(id)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A shipment")
    public Shipment get(@PathParam("id") String id) {
        return carrier.get(id);
    }
}
