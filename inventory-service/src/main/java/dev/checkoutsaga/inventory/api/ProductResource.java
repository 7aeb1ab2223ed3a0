package dev.checkoutsaga.inventory.api;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.checkoutsaga.inventory.persistence.InventoryRepository;
import dev.checkoutsaga.inventory.persistence.Product;
import dev.checkoutsaga.inventory.persistence.ProductCache;
import dev.checkoutsaga.inventory.persistence.ProductView;
import dev.checkoutsaga.web.ProblemException;
import dev.checkoutsaga.web.RequestBudget;
import dev.checkoutsaga.outbox.ApiDatabase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import dev.checkoutsaga.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The catalog: products with price and stock. Reads are public, without a token; the writes (seed
 * the catalog, reprice, restock) need the {@code admin} role. Errors are application/problem+json
 * (platform/web), 401 and 403 included.
 */
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "products")
public class ProductResource {
    /** Bounds this API's database work and passes its breaker; 503 when the database cannot answer. */
    @Inject
    ApiDatabase database;
    /** The rate limit (platform/ratelimit) of price, product and stock writes, per caller. */
    static final String CATALOG_WRITES = "catalog-writes";
    @Inject
    dev.checkoutsaga.ratelimit.RateLimits rateLimits;

    static final String SKU_PATTERN = "[A-Za-z0-9._-]{1,64}";
    /** The OpenAPI document's example of a product. */
    static final String PRODUCT_EXAMPLE = "{\"sku\": \"SKU-1\", \"name\": \"Blue mug\", \"price\": 1250, \"currency\": \"EUR\", "
            + "\"available\": 98, \"reserved\": 2, \"sold\": 0, \"received\": 100}";

    @Inject
    InventoryRepository repository;
    @Inject
    ProductCache cache;

    @GET
    @Operation(summary = "Products, ordered by SKU (at most `limit`)", description = "Pass the last SKU of a page as "
            + "`after` for the next one; a page shorter than `limit` is the last.")
    public Uni<List<ProductView>> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit,
            @QueryParam("after") @Pattern(regexp = SKU_PATTERN) String after) {
        return database.call(() -> Panache.withSession(() -> (after == null || after.isEmpty()
                ? Product.<Product>findAll(Sort.by("sku"))
                : Product.<Product>find("sku > ?1", Sort.by("sku"), after)).range(0, limit - 1).list()))
                .map(products -> products.stream().map(ProductView::of).toList());
    }

    @GET
    @Path("/{sku}")
    @Operation(summary = "One product with its stock counters (may be up to inventory.product-cache.ttl old)",
            description = "With `X-Request-Budget-Ms` (what is left of the caller's own budget, e.g. order-service "
                    + "pricing an order): 0 is a 503 at once, and no answer within it is a 503; a malformed value is a 400.")
    @APIResponse(responseCode = "200", description = "The product",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductView.class),
                    examples = @ExampleObject(name = "a product", value = PRODUCT_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No product with this SKU")
    public Uni<ProductView> get(@PathParam("sku") String sku, @HeaderParam(RequestBudget.HEADER) String budget) {
        if (!sku.matches(SKU_PATTERN)) {
            // a text no SKU can have (a control character, 65 characters...) names no product; it never
            // reaches Redis or PostgreSQL (which refuses U+0000)
            return Uni.createFrom().failure(ProblemException.notFound("product"));
        }
        // the caller (order-service pricing an order) stops waiting when its budget is spent: so do we
        return RequestBudget.bound(budget, cache.get(sku).flatMap(cached -> cached != null ? Uni.createFrom().item(cached)
                : database.call(() -> Panache.withSession(() -> Product.<Product>findById(sku)))
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("product " + sku))
                        .map(ProductView::of)
                        .call(cache::put)));
    }

    @PUT
    @Path("/{sku}")
    @RolesAllowed(Roles.ADMIN)
    @io.quarkus.resteasy.reactive.jackson.CustomDeserialization(dev.checkoutsaga.web.StrictJson.class)
    @Operation(summary = "Create (201) or update (200) a product; sets name, price, currency and available stock")
    @APIResponse(responseCode = "200", description = "Updated: the product",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductView.class)))
    @APIResponse(responseCode = "201", description = "Created: the product",
            headers = @Header(name = "Location", description = "/products/{sku}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductView.class),
                    examples = @ExampleObject(name = "a product", value = PRODUCT_EXAMPLE)))
    @APIResponse(responseCode = "429", description = "Too many catalog writes by this caller; send it again after Retry-After")
    public Uni<Response> upsert(@PathParam("sku") @Pattern(regexp = SKU_PATTERN) String sku,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ProductUpsert.class), examples = @ExampleObject(name = "a product",
                            value = "{\"name\": \"Blue mug\", \"price\": 1250, \"currency\": \"EUR\", \"available\": 100}")))
            @NotNull @Valid ProductUpsert body, @jakarta.ws.rs.core.Context io.vertx.ext.web.RoutingContext request) {
        return rateLimits.admit(CATALOG_WRITES, request).chain(() -> database.call(() -> Panache.withTransaction(() -> repository
                .upsertProduct(sku, body.name(), body.price(), body.currency(), body.available())
                .flatMap(created -> Product.<Product>findById(sku)
                        .map(p -> {
                            ProductView view = ProductView.of(p);
                            return created
                                    ? Response.created(URI.create("/products/" + sku)).entity(view).build()
                                    : Response.ok(view).build();
                        })))))
                .call(() -> cache.invalidate(List.of(sku)));
    }

    @PUT
    @Path("/{sku}/stock")
    @RolesAllowed(Roles.ADMIN)
    @io.quarkus.resteasy.reactive.jackson.CustomDeserialization(dev.checkoutsaga.web.StrictJson.class)
    @Operation(summary = "Set the available stock of an existing product (restock); 404 for an unknown SKU")
    @APIResponse(responseCode = "200", description = "The product with its new stock",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductView.class)))
    @APIResponse(responseCode = "404", description = "No product with this SKU")
    @APIResponse(responseCode = "429", description = "Too many catalog writes by this caller; send it again after Retry-After")
    public Uni<ProductView> restock(@PathParam("sku") @Pattern(regexp = SKU_PATTERN) String sku,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StockUpdate.class),
                    examples = @ExampleObject(name = "restock", value = "{\"available\": 250}")))
            @NotNull @Valid StockUpdate body,
            @jakarta.ws.rs.core.Context io.vertx.ext.web.RoutingContext request) {
        return rateLimits.admit(CATALOG_WRITES, request).chain(() -> database.call(() -> Panache.withTransaction(() -> Product.<Product>findById(sku, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("product " + sku))
                .map(p -> {
                    p.received += body.available() - p.available; // see ProductView.received
                    p.available = body.available();
                    p.updatedAt = java.time.Instant.now();
                    return ProductView.of(p);
                }))))
                .call(() -> cache.invalidate(List.of(sku)));
    }
}
