package dev.checkoutsaga.inventory.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.checkoutsaga.inventory.domain.OrderStockStatus;
import dev.checkoutsaga.inventory.persistence.InventoryRepository;
import dev.checkoutsaga.inventory.persistence.OrderStock;
import dev.checkoutsaga.web.KeysetPage;
import dev.checkoutsaga.web.Roles;
import dev.checkoutsaga.outbox.ApiDatabase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Inventory's record of every order it has seen, for the back office and the audit: an order that
 * inventory knows and order-service does not is a lost order.
 */
@Path("/order-stock")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "order-stock")
@RolesAllowed({ Roles.ADMIN, Roles.AUDITOR })
public class OrderStockResource {
    /** Bounds this API's database work and passes its breaker; 503 when the database cannot answer. */
    @Inject
    ApiDatabase database;
    @Inject
    InventoryRepository repository;

    @GET
    @Operation(summary = "Inventory's record of each order, by order id, with cursor pagination",
            description = "`limit` 1..500 (default 100); pass the answer's `nextCursor` as `cursor` for the next page. "
                    + "Records still NEW (nothing decided) are not listed.")
    public Uni<KeysetPage<OrderStockView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return KeysetPage.read(limit, cursor, (after, n) -> database.call(() -> Panache.withSession(() -> (after == null
                ? OrderStock.<OrderStock>find("status <> ?1 order by orderId", OrderStockStatus.NEW)
                : OrderStock.<OrderStock>find("status <> ?1 and orderId > ?2 order by orderId", OrderStockStatus.NEW, after))
                .page(0, n).list()
                .flatMap(rows -> repository.lines(rows.stream().map(o -> o.orderId).toList())
                        .map(lines -> rows.stream().map(o -> OrderStockView.of(o, lines.getOrDefault(o.orderId, List.of())))
                                .toList())))),
                view -> view, OrderStockView::orderId);
    }
}
