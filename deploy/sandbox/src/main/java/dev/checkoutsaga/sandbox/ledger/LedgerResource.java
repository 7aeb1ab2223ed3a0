package dev.checkoutsaga.sandbox.ledger;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.checkoutsaga.web.ProblemException;
import dev.checkoutsaga.web.QueryParams;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** What the audit compares against the services: one order's books, or totals of all orders. */
@Path("/v1/ledger")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ledger")
public class LedgerResource {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 100_000;

    @Inject
    Ledger ledger;

    @GET
    @Operation(summary = "One order's charges, refunds, shipments and totals (?orderId=), or totals per order (no orderId)")
    public Object get(@QueryParam("orderId") String orderId, @QueryParam("limit") String limit) {
        if (orderId != null) {
            return ledger.order(parseOrderId(orderId));
        }
        return ledger.summary(QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }

    private static UUID parseOrderId(String orderId) {
        try {
            return UUID.fromString(orderId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.field(Response.Status.BAD_REQUEST, "orderId", "must be a UUID");
        }
    }

}
