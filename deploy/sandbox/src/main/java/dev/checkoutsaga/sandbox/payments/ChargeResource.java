package dev.checkoutsaga.sandbox.payments;

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

/** Charges: 201 succeeded, 402 failed (a charge object with {@code failureCode}), both idempotent. */
@Path("/v1/charges")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "payments")
public class ChargeResource {
    static final String ENDPOINT = "POST /v1/charges";

    @Inject
    PaymentProvider provider;
    @Inject
    Idempotency idempotency;
    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Charge a card token", description = "Idempotency-Key required. tok_visa succeeds (201); "
            + "tok_declined, tok_insufficient_funds and any other token fail (402).")
    public Response create(@HeaderParam(Idempotency.HEADER) String key, @NotNull @Valid ChargeRequest body) {
        return idempotency.execute(ENDPOINT, uri.getPath(), key, body, () -> {
            Charge charge = provider.charge(body);
            return new Reply(charge.isSucceeded() ? 201 : 402, charge);
        });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A charge, with amountRefunded so far")
    public Charge get(@PathParam("id") String id) {
        return provider.get(id);
    }
}
