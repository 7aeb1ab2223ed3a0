package dev.checkoutsaga.order.persistence;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.checkoutsaga.order.domain.OrderStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** The queries of order-service. Callers provide the session/transaction. */
@ApplicationScoped
public class OrderStore {
    /** The unique index on (customer_id, idempotency_key): one key of a customer names at most one order. */
    public static final String IDEMPOTENCY_KEY_INDEX = "orders_idempotency_key";

    /**
     * Open orders past their deadline, locked. SKIP LOCKED lets two replicas run the deadline job
     * side by side: each takes different rows, and a row a saga handler holds is simply taken next time.
     */
    private static final String LOCK_OVERDUE = "select * from orders where status in ('PENDING', 'STOCK_RESERVED', 'PAID') "
            + "and deadline < :now order by deadline limit :limit for update skip locked";

    /** The row, locked FOR UPDATE: every saga change of one order is serialized on it. */
    public Uni<OrderEntity> lockById(UUID id) {
        return OrderEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<OrderEntity> findById(UUID id) {
        return OrderEntity.findById(id);
    }

    public Uni<List<OrderLineEntity>> lines(UUID orderId) {
        return OrderLineEntity.list("orderId", Sort.by("lineNo"), orderId);
    }

    public Uni<List<TimelineEntryEntity>> timeline(UUID orderId) {
        return TimelineEntryEntity.list("orderId", Sort.by("id"), orderId);
    }

    /**
     * One page, newest first, strictly after the (createdAt, id) position of the previous page's last
     * order (keyset pagination: stable under concurrent inserts, no OFFSET scans).
     */
    public Uni<List<OrderEntity>> page(String customerId, OrderStatus status, Instant afterCreatedAt, UUID afterId,
            int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (customerId != null) {
            where.append(" and customerId = :customerId");
            params.and("customerId", customerId);
        }
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        if (afterCreatedAt != null) {
            where.append(" and (createdAt < :afterAt or (createdAt = :afterAt and id < :afterId))");
            params.and("afterAt", afterCreatedAt).and("afterId", afterId);
        }
        return OrderEntity.<OrderEntity> find(where.toString(), Sort.descending("createdAt", "id"), params)
                .range(0, limit - 1).list();
    }

    public Uni<List<OrderEntity>> lockOverdue(Instant now, int limit) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(LOCK_OVERDUE, OrderEntity.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    public Uni<Map<OrderStatus, Long>> countByStatus() {
        return Panache.getSession().flatMap(s -> s
                .createSelectionQuery("select o.status, count(o) from OrderEntity o group by o.status", Object[].class)
                .getResultList())
                .map(rows -> {
                    Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
                    for (OrderStatus st : OrderStatus.values()) {
                        counts.put(st, 0L);
                    }
                    rows.forEach(r -> counts.put((OrderStatus) r[0], ((Number) r[1]).longValue()));
                    return counts;
                });
    }
}
