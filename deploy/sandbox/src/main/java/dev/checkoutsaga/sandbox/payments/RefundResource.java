package dev.checkoutsaga.sandbox.payments;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.checkoutsaga.sandbox.idempotency.Idempotency;
import dev.checkoutsaga.sandbox.idempotency.Reply;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Refunds of succeeded charges, never more than captured; idempotent. */
@Path("/v1/refunds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "payments")
public class RefundResource {
    static final String ENDPOINT = "POST /v1/refunds";

    @Inject
    PaymentProvider provider;
    @Inject
    Idempotency idempotency;
    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refund a charge", description = "Idempotency-Key required. Without amount, the remaining "
            + "refundable amount. 404 unknown charge; 409 charge not succeeded or amount above what remains.")
    public Response create(@HeaderParam(Idempotency.HEADER) String key, @NotNull @Valid RefundRequest body) {
        return idempotency.execute(ENDPOINT, uri.getPath(), key, body, () -> Reply.created(provider.refund(body)));
    }
}
