package dev.checkoutsaga.payment.api;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.persistence.Payment;
import dev.checkoutsaga.payment.persistence.PaymentRepository;
import dev.checkoutsaga.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Read-only view of payments, for support and the audit. Errors are application/problem+json
 * (platform/web). Creating payments is the saga's job (StockReserved), not this API's.
 */
@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "payments")
public class PaymentResource {

    @Inject
    PaymentRepository repository;

    @GET
    @Path("/{id}")
    @Operation(summary = "One payment; 404 problem if unknown")
    public Uni<PaymentView> get(@PathParam("id") String id) {
        UUID paymentId = parseUuid(id);
        if (paymentId == null) {
            throw ProblemException.notFound("payment " + id);
        }
        return Panache.withSession(() -> Payment.<Payment>findById(paymentId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("payment " + id))
                .invoke(p -> {
                    if (p.status == PaymentStatus.NEW) { // defensive: NEW never commits
                        throw ProblemException.notFound("payment " + id);
                    }
                })
                .map(PaymentView::of);
    }

    @GET
    @Operation(summary = "The payments of an order (at most one today); `orderId` is required")
    public Uni<List<PaymentView>> byOrder(@QueryParam("orderId") String orderId) {
        if (orderId == null || orderId.isBlank()) {
            throw ProblemException.field(Response.Status.BAD_REQUEST, "orderId", "is required");
        }
        UUID id = parseUuid(orderId);
        if (id == null) {
            throw ProblemException.field(Response.Status.BAD_REQUEST, "orderId", "must be a UUID");
        }
        return Panache.withSession(() -> repository.byOrderId(id))
                .map(list -> list.stream().filter(p -> p.status != PaymentStatus.NEW).map(PaymentView::of).toList());
    }

    private static UUID parseUuid(String s) {
        try {
            UUID u = UUID.fromString(s);
            // UUID.fromString accepts short forms like "1-2-3-4-5"; only the canonical form names a payment
            return u.toString().equalsIgnoreCase(s) ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
