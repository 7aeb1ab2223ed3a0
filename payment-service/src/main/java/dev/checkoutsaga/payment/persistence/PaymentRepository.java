package dev.checkoutsaga.payment.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.payment.domain.PaymentKind;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.steps.OrderLocks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The locking queries of the saga handlers and steps. Must run inside the caller's reactive transaction. */
@ApplicationScoped
public class PaymentRepository {

    private static final String INSERT_IF_ABSENT = "insert into payment (id, order_id, status) values (?1, ?2, ?3) "
            + "on conflict do nothing";

    /**
     * Locks the order's payment record, creating it (status NEW) if payment-service has not seen the
     * order. Insert-if-absent first, so that two first events of one order cannot both miss the row:
     * the second waits on the first one's lock. A NEW row never commits: every handler decides.
     */
    public Uni<Payment> lockOrder(UUID orderId) {
        UUID paymentId = PaymentSaga.paymentIdFor(orderId);
        return OrderLocks.lockOrCreate(Payment.class, paymentId, INSERT_IF_ABSENT, paymentId, orderId,
                PaymentStatus.NEW.name());
    }

    /** Locks the order's existing payment record; null if there is none. */
    public Uni<Payment> lockExisting(UUID orderId) {
        return OrderLocks.lockExisting(Payment.class, PaymentSaga.paymentIdFor(orderId));
    }

    public Uni<List<Payment>> byOrderId(UUID orderId) {
        return Payment.<Payment>list("orderId", orderId);
    }

    /**
     * Direct payments, oldest first ({@code created_at, id}), strictly after the given position
     * (both null: from the start); at most {@code max} rows.
     */
    public Uni<List<Payment>> directPage(Instant afterCreatedAt, UUID afterId, int max) {
        if (afterCreatedAt == null) {
            return Payment.<Payment>find("kind = ?1 order by createdAt, id", PaymentKind.DIRECT).page(0, max).list();
        }
        return Payment.<Payment>find("kind = ?1 and (createdAt > ?2 or (createdAt = ?2 and id > ?3)) order by createdAt, id",
                PaymentKind.DIRECT, afterCreatedAt, afterId).page(0, max).list();
    }

    /** Saga payments with a decision (not NEW), by id, strictly after {@code afterId} (null: from the start). */
    public Uni<List<Payment>> sagaPage(UUID afterId, int max) {
        if (afterId == null) {
            return Payment.<Payment>find("kind = ?1 and status <> ?2 order by id", PaymentKind.SAGA, PaymentStatus.NEW)
                    .page(0, max).list();
        }
        return Payment.<Payment>find("kind = ?1 and status <> ?2 and id > ?3 order by id", PaymentKind.SAGA,
                PaymentStatus.NEW, afterId).page(0, max).list();
    }
}
