package dev.checkoutsaga.shipping.api;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.checkoutsaga.shipping.persistence.ShipmentRepository;
import dev.checkoutsaga.web.KeysetPage;
import dev.checkoutsaga.web.ProblemException;
import dev.checkoutsaga.outbox.ApiDatabase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.annotation.security.RolesAllowed;
import dev.checkoutsaga.web.Roles;
import jakarta.ws.rs.core.Response;

/**
 * Read-only view of shipments (for operators and the audit: "exactly one live shipment per
 * COMPLETED order, none for CANCELLED ones"). Errors are application/problem+json (platform/web).
 */
@Path("/shipments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "shipments")
@RolesAllowed({ Roles.SHIPPING_OPERATOR, Roles.AUDITOR })
public class ShipmentResource {
    /** Bounds this API's database work and passes its breaker; 503 when the database cannot answer. */
    @Inject
    ApiDatabase database;

    @Inject
    ShipmentRepository repository;

    @GET
    @Path("/{id}")
    @Operation(summary = "One shipment by its id; 404 problem if unknown")
    @APIResponse(responseCode = "200", description = "The shipment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShipmentView.class)))
    @APIResponse(responseCode = "404", description = "No shipment with this id")
    public Uni<ShipmentView> get(@PathParam("id") String id) {
        UUID shipmentId = parse(id);
        if (shipmentId == null) {
            return Uni.createFrom().failure(ProblemException.notFound("shipment " + id));
        }
        return database.call(() -> Panache.withSession(() -> repository.findByShipmentId(shipmentId)))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("shipment " + id))
                .map(ShipmentView::of);
    }

    @GET
    @Path("/all")
    @Operation(summary = "Every shipment record (tombstones too), by order id, with cursor pagination (for the audit)",
            description = "`limit` 1..500 (default 100); pass the answer's `nextCursor` as `cursor` for the next page.")
    public Uni<KeysetPage<ShipmentView>> all(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return KeysetPage.read(limit, cursor, (after, n) -> database.call(() -> Panache.withSession(() -> repository.page(after, n))),
                ShipmentView::of, r -> r.orderId);
    }

    @GET
    @Operation(summary = "The shipments of an order (at most one; empty if shipping has no record of it). "
            + "orderId is required: 400 naming it when missing or not a UUID. A tombstone (cancelled before "
            + "it was paid) shows with status TOMBSTONE and live=false")
    public Uni<List<ShipmentView>> byOrder(@QueryParam("orderId") String orderId) {
        UUID id = parse(orderId);
        if (id == null) {
            return Uni.createFrom().failure(ProblemException.field(Response.Status.BAD_REQUEST, "orderId",
                    orderId == null || orderId.isBlank() ? "is required" : "must be a UUID"));
        }
        return database.call(() -> Panache.withSession(() -> repository.findByOrderId(id)))
                .map(list -> list.stream().map(ShipmentView::of).toList());
    }

    private static UUID parse(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
