package dev.checkoutsaga.payment.client;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The payment provider's HTTP API (base URL {@code quarkus.rest-client.payment-provider.url}).
 * The default exception mapper is disabled for this client
 * ({@code quarkus.rest-client.payment-provider.disable-default-mapper=true}): every status comes
 * back as a response, and {@link PaymentProvider} decides which ones are business answers. Bodies
 * are read as text so that an unexpected content type (an HTML 502 from a proxy) is still a
 * response, not a decoding error.
 */
@RegisterRestClient(configKey = "payment-provider")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface PaymentProviderClient {

    String IDEMPOTENCY_KEY = "Idempotency-Key";

    @POST
    @Path("/v1/charges")
    Uni<RestResponse<String>> charge(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, ChargeRequest body);

    @POST
    @Path("/v1/refunds")
    Uni<RestResponse<String>> refund(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, RefundRequest body);

    /** Body of {@code POST /v1/charges}; identical on every attempt (the provider answers 422 otherwise). */
    record ChargeRequest(long amount, String currency, String source, java.util.UUID orderId, String description) {
    }

    /** Body of {@code POST /v1/refunds}. */
    record RefundRequest(String charge, long amount) {
    }
}
