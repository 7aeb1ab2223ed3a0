package dev.checkoutsaga.steps;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;

/**
 * How every participant serializes the handling of one order: it locks the order's record first
 * ({@code SELECT ... FOR UPDATE}), creating it if the service has not seen the order yet. The insert
 * comes first ({@code insert ... on conflict do nothing}), so that two first events of one order
 * cannot both miss the row: the second waits on the first one's lock. Must run in a transaction.
 */
public final class OrderLocks {

    private OrderLocks() {
    }

    /**
     * @param insertIfAbsent an {@code insert ... on conflict do nothing} of the record in its first
     *        status, with positional parameters {@code ?1, ?2, ...}
     * @param parameters the insert's parameters, in order
     */
    public static <E> Uni<E> lockOrCreate(Class<E> type, Object id, String insertIfAbsent, Object... parameters) {
        return Panache.getSession()
                .flatMap(s -> {
                    var insert = s.createNativeQuery(insertIfAbsent);
                    for (int i = 0; i < parameters.length; i++) {
                        insert.setParameter(i + 1, parameters[i]);
                    }
                    return insert.executeUpdate();
                })
                .flatMap(ignored -> lockExisting(type, id));
    }

    /** The existing record, locked; null when there is none. */
    public static <E> Uni<E> lockExisting(Class<E> type, Object id) {
        return Panache.getSession().flatMap(s -> s.find(type, id, LockModeType.PESSIMISTIC_WRITE));
    }
}
