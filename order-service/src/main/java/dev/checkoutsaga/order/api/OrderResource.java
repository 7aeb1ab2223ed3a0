package dev.checkoutsaga.order.api;

import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


import dev.checkoutsaga.idempotency.IdempotentRequests;
import dev.checkoutsaga.idempotency.StoredResponse;
import dev.checkoutsaga.order.service.OrderCancellation;
import dev.checkoutsaga.order.service.OrderPage;
import dev.checkoutsaga.order.service.OrderPlacement;
import dev.checkoutsaga.order.service.OrderQueries;
import dev.checkoutsaga.order.service.PageCursor;
import dev.checkoutsaga.order.service.OrderView;
import dev.checkoutsaga.order.service.PlaceOrderRequest;
import dev.checkoutsaga.order.service.AcceptedAnswer;
import dev.checkoutsaga.order.domain.OrderStatus;
import dev.checkoutsaga.outbox.SagaLogContext;
import dev.checkoutsaga.ratelimit.RateLimits;
import dev.checkoutsaga.web.Caller;
import dev.checkoutsaga.web.ProblemException;
import dev.checkoutsaga.web.Roles;
import dev.checkoutsaga.web.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import dev.checkoutsaga.web.QueryParams;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
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
import jakarta.ws.rs.core.Response.Status;

/**
 * The public order API. Writes answer 202: the order is accepted and the saga runs asynchronously;
 * clients poll {@code Location}. Every error is application/problem+json (platform/web).
 *
 * <p>Who may do what (docs/security.md): a customer places orders for themselves (the customer is the
 * token's subject, never a field of the body) and lists, reads and cancels only their own orders;
 * another customer's order answers 404, as an unknown one does, so ids cannot be probed. The back
 * office ({@code admin}) and the audit ({@code auditor}) read every order; the back office may cancel
 * any.
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "orders")
public class OrderResource {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    /** {@code inventory}, or {@code cache} when inventory could not answer and cached prices were used. */
    public static final String PRICE_SOURCE_HEADER = AcceptedAnswer.PRICE_SOURCE_HEADER;
    /** The rate limits (platform/ratelimit) of placing and of cancelling, per customer. */
    static final String ORDERS_LIMIT = "orders";
    static final String CANCELS_LIMIT = "order-cancels";

    /** The OpenAPI document's example of a request body and of the order it places. */
    static final String PLACE_EXAMPLE = """
            {"items": [{"sku": "SKU-1", "quantity": 2}],
             "shippingAddress": {"name": "Ada Lovelace", "line1": "1 Main St", "line2": null, "city": "London",
                                 "postalCode": "N1 9GU", "country": "GB"},
             "paymentToken": "tok_visa"}""";
    static final String ACCEPTED_EXAMPLE = """
            {"id": "0b8f5c6e-3d1a-4f7e-9a2b-5c4d3e2f1a0b", "customerId": "5f2b7c1e-8a4d-4e3b-9c6f-1a2b3c4d5e6f",
             "status": "PENDING", "reason": null, "reasonDetail": null, "total": {"amount": 2500, "currency": "EUR"},
             "items": [{"sku": "SKU-1", "quantity": 2, "unitPrice": {"amount": 1250, "currency": "EUR"},
                        "lineTotal": {"amount": 2500, "currency": "EUR"}}],
             "shippingAddress": {"name": "Ada Lovelace", "line1": "1 Main St", "line2": null, "city": "London",
                                 "postalCode": "N1 9GU", "country": "GB"},
             "paymentTokenHint": "****", "deadline": "2026-12-03T10:00:30Z", "createdAt": "2026-12-03T10:00:00Z",
             "updatedAt": "2026-12-03T10:00:00Z",
             "timeline": [{"event": "OrderPlaced", "at": "2026-12-03T10:00:00Z", "service": "order-service", "detail": null}],
             "undone": [], "idempotencyKey": null, "stale": false}""";

    @Inject
    OrderPlacement placement;
    @Inject
    OrderQueries queries;
    @Inject
    OrderCancellation cancellation;
    @Inject
    RateLimits rateLimits;
    @Inject
    Validator validator;
    @Inject
    Caller caller;

    /**
     * The rate limit runs first, before validation (so a flood of invalid bodies is limited too) and
     * before pricing (a refused request writes nothing, not even the price cache). The body is
     * therefore validated here rather than by {@code @Valid}; the 400 names the fields the same way.
     * With an {@code Idempotency-Key}, the order and the key's stored answer commit together
     * (platform/idempotency): a repeated request replays the first 202 and never places a second order.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CUSTOMER)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Place an order", description = "Prices come from inventory-service; 202 + Location, the saga runs "
            + "asynchronously. Optional Idempotency-Key (<= 255 chars): the same key with the same body replays the first "
            + "answer (header Idempotent-Replayed: true) for 24 h; with another body 422; while the first is in flight 409.")
    @APIResponse(responseCode = "202", description = "Accepted: the order as written, PENDING; the saga runs on. With "
            + "`X-Order-Write: deferred` the database was down: the order is written when it is back (its copy answers "
            + "GET meanwhile, marked `stale`).",
            headers = {
                    @Header(name = "Location", description = "/orders/{id}", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = AcceptedAnswer.PRICE_SOURCE_HEADER, description = "`inventory`, or `cache` when inventory "
                            + "could not answer and cached prices were used", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = AcceptedAnswer.WRITE_HEADER, description = "`deferred` when accepted while the database was down",
                            schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = StoredResponse.REPLAYED_HEADER, description = "`true` on the replay of a first answer",
                            schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class),
                    examples = @ExampleObject(name = "accepted", value = ACCEPTED_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still in flight; send it again after Retry-After")
    @APIResponse(responseCode = "422", description = "An unknown SKU, a SKU listed twice, a price in another currency than "
            + "the other items, or an Idempotency-Key used before with another body (or whose order's answer has expired)")
    @APIResponse(responseCode = "429", description = "This customer placed too many orders; send it again after Retry-After")
    public Uni<Response> place(
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PlaceOrderRequest.class),
                    examples = @ExampleObject(name = "one item", value = PLACE_EXAMPLE))) PlaceOrderRequest body,
            @Parameter(description = "Optional, chosen by the client, 1..255 characters; the same key replays the first answer")
            @HeaderParam(IdempotentRequests.HEADER) String idempotencyKey,
            @jakarta.ws.rs.core.Context RoutingContext request) {
        // The request span: OrderPlaced carries it through the outbox and Kafka.
        Context trace = Context.current();
        String customerId = caller.id();
        return rateLimits.admit(ORDERS_LIMIT, request)
                .invoke(() -> validate(body))
                .chain(() -> placement.place(body, customerId, idempotencyKey, trace));
    }

    private void validate(PlaceOrderRequest body) {
        if (body == null) {
            throw ProblemException.field(Status.BAD_REQUEST, "body", "must not be null");
        }
        Set<ConstraintViolation<PlaceOrderRequest>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
    }

    @GET
    @Path("/{id}")
    @Authenticated
    @Operation(summary = "An order with its items, timeline and, once cancelled, what was undone")
    @APIResponse(responseCode = "200", description = "The order; `stale: true` when it is the last copy kept while the database cannot answer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class),
                    examples = @ExampleObject(name = "accepted", value = ACCEPTED_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such order, or another customer's")
    public Uni<OrderView> get(@PathParam("id") String id) {
        UUID orderId = parseId(id);
        SagaLogContext.tagOrder(id);
        return queries.find(orderId).map(view -> {
            if (view == null || !mayRead(view.customerId())) {
                throw notFound(id); // another customer's order is not found either
            }
            return view;
        });
    }

    /** The back office and the audit read every order; a customer only theirs. */
    private boolean mayRead(String customerId) {
        return caller.hasAnyRole(Roles.ADMIN, Roles.AUDITOR) || caller.id().equals(customerId);
    }

    @GET
    @Authenticated
    @Operation(summary = "Orders, newest first, with cursor pagination", description = "A customer's own orders; "
            + "the back office and the audit see every order and may filter by customerId.")
    @APIResponse(responseCode = "200", description = "One page; pass `nextCursor` as `cursor` for the next",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderPage.class)))
    @APIResponse(responseCode = "403", description = "A customer asked for another customer's orders")
    public Uni<OrderPage> list(@QueryParam("customerId") @Size(max = 64) String customerIdFilter,
            @QueryParam("status") String status, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String customerId = listedCustomer(customerIdFilter);
        OrderStatus st = parseStatus(status);
        int max = QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        PageCursor after = cursor == null || cursor.isEmpty() ? null : PageCursor.decode(cursor);
        return queries.page(customerId, st, after, max);
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({ Roles.CUSTOMER, Roles.ADMIN })
    @Operation(summary = "Cancel an order", description = "202 while the participants undo their steps, 200 if already cancelled, 409 once completed.")
    @APIResponse(responseCode = "200", description = "Already cancelled: the order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "202", description = "Cancelling: the order, CANCELLING, while the participants undo their steps",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "404", description = "No such order, or another customer's")
    @APIResponse(responseCode = "409", description = "The order is completed (or its last step is under way) and can no longer be cancelled")
    @APIResponse(responseCode = "429", description = "This customer cancelled too often; send it again after Retry-After")
    public Uni<Response> cancel(@PathParam("id") String id, @jakarta.ws.rs.core.Context RoutingContext request) {
        UUID orderId = parseId(id);
        SagaLogContext.tagOrder(id);
        Context trace = Context.current();
        // the back office cancels any order, a customer only theirs (another's is not found)
        String owner = caller.hasAnyRole(Roles.ADMIN) ? null : caller.id();
        return rateLimits.admit(CANCELS_LIMIT, request).chain(() -> cancellation.cancel(orderId, owner, trace))
                .map(answer -> {
                    if (answer == null) {
                        throw notFound(id);
                    }
                    if (answer.refusedIn() != null) {
                        throw new ProblemException(Status.CONFLICT,
                                "order " + id + " is " + answer.refusedIn() + " and can no longer be cancelled");
                    }
                    OrderView order = answer.order();
                    return Response.status(order.status() == OrderStatus.CANCELLED ? 200 : 202).entity(order).build();
                });
    }

    /** Whose orders a list shows: the caller's, or for the back office and the audit anyone's (the filter). */
    private String listedCustomer(String filter) {
        if (filter != null && StrictJson.hasControlCharacter(filter)) {
            throw ProblemException.field(Status.BAD_REQUEST, "customerId", "must not contain control characters");
        }
        if (caller.hasAnyRole(Roles.ADMIN, Roles.AUDITOR)) {
            return filter == null || filter.isEmpty() ? null : filter;
        }
        if (filter != null && !filter.isEmpty() && !filter.equals(caller.id())) {
            throw ProblemException.field(Status.FORBIDDEN, "customerId", "a customer lists only their own orders");
        }
        return caller.id();
    }

    /** A malformed id cannot name an order: same answer as an unknown one. */
    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("order " + id);
    }

    private static OrderStatus parseStatus(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        try {
            return OrderStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ProblemException.field(Status.BAD_REQUEST, "status",
                    "must be one of " + Arrays.toString(OrderStatus.values()));
        }
    }

}
