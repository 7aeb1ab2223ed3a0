package dev.checkoutsaga.payment.api;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.checkoutsaga.idempotency.IdempotentRequests;
import dev.checkoutsaga.payment.domain.PaymentKind;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.persistence.Payment;
import dev.checkoutsaga.payment.persistence.PaymentRepository;
import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import dev.checkoutsaga.web.KeysetPage;
import dev.checkoutsaga.web.QueryParams;
import dev.checkoutsaga.steps.SagaEffects;
import dev.checkoutsaga.outbox.ApiDatabase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.annotation.security.RolesAllowed;
import dev.checkoutsaga.web.Caller;
import dev.checkoutsaga.web.Roles;

/**
 * Payments, for support and the audit. Errors are application/problem+json (platform/web). An
 * order's payment is created by the saga (StockReserved); {@code POST /payments} makes a direct
 * payment outside the saga, guarded by a required Idempotency-Key ({@link DirectCharges}).
 * Every endpoint needs a bearer token: charges the payments-operator role, reads that role or the
 * audit's (docs/security.md).
 */
@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "payments")
@RolesAllowed({ Roles.PAYMENTS_OPERATOR, Roles.AUDITOR })
public class PaymentResource {
    /** Bounds this API's database work and passes its breaker; 503 when the database cannot answer. */
    @Inject
    ApiDatabase database;
    private static final Logger LOG = Logger.getLogger(PaymentResource.class);

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    @Inject
    PaymentRepository repository;
    @Inject
    DirectCharges directCharges;
    @Inject
    Caller caller;
    @Inject
    SagaEffects effects;
    @Inject
    dev.checkoutsaga.ratelimit.RateLimits rateLimits;
    /** The rate limit (platform/ratelimit) of direct charges, per operator: no bulk card testing. */
    static final String PAYMENTS_LIMIT = "payments";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @RolesAllowed(Roles.PAYMENTS_OPERATOR)
    @io.quarkus.resteasy.reactive.jackson.CustomDeserialization(dev.checkoutsaga.web.StrictJson.class)
    @Operation(summary = "Charge a card directly, outside the checkout saga (e.g. a support agent charging a new card)",
            description = "Synchronous. The Idempotency-Key header is required: the payment id is derived from it and the "
                    + "provider's idempotency key from the payment id, so a retry can never charge twice. Stripe semantics: "
                    + "the first answer (201 or 402) is stored and replayed for 24 h with `Idempotent-Replayed: true`; the "
                    + "same key with another body is 422; the same key while the first request is still running is 409 "
                    + "(retry). 400 (validation) and 503 (provider unreachable, breaker open, bulkhead full, retries "
                    + "exhausted) store nothing: retry with the same key.")
    @APIResponse(responseCode = "201", description = "Charged: the payment (status CAPTURED)",
            headers = @Header(name = "Location", description = "/payments/{id}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentView.class),
                    examples = @ExampleObject(name = "captured", value = "{\"id\": \"7c9e6679-7425-40de-944b-e07fc1f90ae7\", "
                            + "\"kind\": \"DIRECT\", \"orderId\": null, \"reference\": \"ticket-4711\", \"status\": \"CAPTURED\", "
                            + "\"amount\": {\"amount\": 1999, \"currency\": \"EUR\"}, \"captured\": {\"amount\": 1999, "
                            + "\"currency\": \"EUR\"}, \"refunded\": null, \"providerChargeId\": \"ch_1a2b3c\", \"failureCode\": null, "
                            + "\"cancelRequested\": false, \"settled\": true, \"createdAt\": \"2026-12-03T10:00:00Z\", "
                            + "\"updatedAt\": \"2026-12-03T10:00:01Z\"}")))
    @APIResponse(responseCode = "400", description = "Missing Idempotency-Key or an invalid field (named in `errors`); nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "402", description = "Declined by the provider; `failureCode` and `paymentId` say why and "
            + "which payment (recorded as DECLINED). Stored and replayed for the key", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "A request with this key is still running; retry (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "This key was used with a different body",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "Too many direct charges by this caller; send it again after Retry-After")
    @APIResponse(responseCode = "503", description = "The provider gave no answer; nothing stored, retry with the same key "
            + "after Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> charge(
            @Parameter(required = true, description = "Client-chosen, unique per payment (1..255 characters), resent on every retry")
            @HeaderParam(IdempotentRequests.HEADER) String idempotencyKey,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DirectPaymentRequest.class), examples = @ExampleObject(name = "a charge",
                            value = "{\"reference\": \"ticket-4711\", \"amount\": {\"amount\": 1999, \"currency\": \"EUR\"}, "
                                    + "\"paymentToken\": \"tok_visa\"}")))
            DirectPaymentRequest body, @jakarta.ws.rs.core.Context io.vertx.ext.web.RoutingContext request) {
        return rateLimits.admit(PAYMENTS_LIMIT, request).chain(() -> directCharges.charge(caller.id(), idempotencyKey, body));
    }

    @GET
    @Path("/direct")
    @Operation(summary = "Direct payments, oldest first, with cursor pagination (for the audit)",
            description = "`limit` 1..500 (default 100); pass the answer's `nextCursor` as `cursor` for the next page.")
    public Uni<DirectPaymentPage> direct(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        int max = QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        DirectCursor after = cursor == null || cursor.isEmpty() ? null : DirectCursor.decode(cursor);
        return database.call(() -> Panache.withSession(() -> repository.directPage(after == null ? null : after.createdAt(),
                after == null ? null : after.id(), max + 1)))
                .map(rows -> {
                    boolean more = rows.size() > max;
                    List<Payment> page = more ? rows.subList(0, max) : rows;
                    Payment last = page.isEmpty() ? null : page.get(page.size() - 1);
                    return new DirectPaymentPage(page.stream().map(PaymentView::of).toList(),
                            more ? new DirectCursor(last.createdAt, last.id).encode() : null);
                });
    }

    @GET
    @Path("/saga")
    @Operation(summary = "Saga payments (one per order), by payment id, with cursor pagination (for the audit)",
            description = "`limit` 1..500 (default 100); pass the answer's `nextCursor` as `cursor` for the next page.")
    public Uni<KeysetPage<PaymentView>> saga(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return KeysetPage.read(limit, cursor, (after, n) -> database.call(() -> Panache.withSession(() -> repository.sagaPage(after, n))),
                PaymentView::of, p -> p.id);
    }


    @GET
    @Path("/{id}")
    @Operation(summary = "One payment; 404 problem if unknown")
    @APIResponse(responseCode = "200", description = "The payment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentView.class)))
    @APIResponse(responseCode = "404", description = "No payment with this id")
    public Uni<PaymentView> get(@PathParam("id") String id) {
        UUID paymentId = parseUuid(id);
        if (paymentId == null) {
            throw ProblemException.notFound("payment " + id);
        }
        return database.call(() -> Panache.withSession(() -> Payment.<Payment>findById(paymentId)))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("payment " + id))
                .invoke(p -> {
                    if (p.status == PaymentStatus.NEW) { // defensive: NEW never commits
                        throw ProblemException.notFound("payment " + id);
                    }
                })
                .map(PaymentView::of);
    }

    @POST
    @Path("/{id}/refund")
    @RolesAllowed(Roles.PAYMENTS_OPERATOR)
    @Operation(summary = "Retries a refund the provider refused for good (status REFUND_FAILED), once its cause is fixed: "
            + "202 with the payment back in REFUND_PENDING (the refund step runs again, same provider key); "
            + "409 problem in any other status; 404 problem if unknown")
    @APIResponse(responseCode = "202", description = "The refund runs again: the payment, REFUND_PENDING",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentView.class)))
    @APIResponse(responseCode = "404", description = "No payment with this id")
    @APIResponse(responseCode = "409", description = "The payment is not in REFUND_FAILED")
    public Uni<Response> retryRefund(@PathParam("id") String id) {
        UUID paymentId = parseUuid(id);
        if (paymentId == null) {
            throw ProblemException.notFound("payment " + id);
        }
        return database.call(() -> Panache.withTransaction(() -> Payment.<Payment>findById(paymentId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("payment " + id))
                .flatMap(p -> {
                    if (p.status == PaymentStatus.NEW) {
                        return Uni.createFrom().failure(ProblemException.notFound("payment " + id));
                    }
                    PaymentSaga.RetryRefundDecision decision = PaymentSaga.onRefundRetry(p.status);
                    if (decision instanceof PaymentSaga.RefuseRetry refused) {
                        return Uni.createFrom().failure(new ProblemException(Response.Status.CONFLICT,
                                "payment " + id + ": " + refused.why()));
                    }
                    // the operator's request is the trace of the refund's runs
                    return effects.apply(p, decision, "operator's refund retry", Context.current()).replaceWith(p);
                })))
                .invoke(p -> LOG.infof("refund of payment %s (order %s) retried by an operator", p.id, p.orderId))
                .map(p -> Response.accepted(PaymentView.of(p)).build());
    }

    @GET
    @Operation(summary = "The saga payments of an order (at most one today); `orderId` is required")
    public Uni<List<PaymentView>> byOrder(@QueryParam("orderId") String orderId) {
        if (orderId == null || orderId.isBlank()) {
            throw ProblemException.field(Response.Status.BAD_REQUEST, "orderId", "is required");
        }
        UUID id = parseUuid(orderId);
        if (id == null) {
            throw ProblemException.field(Response.Status.BAD_REQUEST, "orderId", "must be a UUID");
        }
        return database.call(() -> Panache.withSession(() -> repository.byOrderId(id)))
                .map(list -> list.stream().filter(p -> p.status != PaymentStatus.NEW && p.kind == PaymentKind.SAGA)
                        .map(PaymentView::of).toList());
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
