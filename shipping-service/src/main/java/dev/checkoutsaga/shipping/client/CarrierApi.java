package dev.checkoutsaga.shipping.client;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The carrier's HTTP API (the sandbox plays it locally and in tests). Base URL:
 * {@code quarkus.rest-client.carrier.url}. Answers come back as a {@link Response} whatever the
 * status ({@code disable-default-mapper}) and are read as bytes whatever the media type (the carrier
 * answers errors as application/problem+json), so that {@link CarrierResponses} decides what is an outcome and
 * what is a failure to retry. Use it through {@link CarrierClient}, which adds the timeouts.
 */
@RegisterRestClient(configKey = "carrier")
@Path("/v1/shipments")
public interface CarrierApi {

    String IDEMPOTENCY_KEY = "Idempotency-Key";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.WILDCARD)
    Uni<Response> book(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, BookingRequest body);

    @POST
    @Path("/{id}/cancel")
    @Produces(MediaType.WILDCARD)
    Uni<Response> cancel(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @PathParam("id") String carrierShipmentId);

    /** Body of {@code POST /v1/shipments}. Built only from the stored record, so every attempt sends the same body. */
    record BookingRequest(UUID orderId, Address address, List<Parcel> parcels) {
    }

    record Address(String name, String line1, String line2, String city, String postalCode, String country) {
    }

    record Parcel(String sku, int quantity) {
    }
}
