package dev.checkoutsaga.idempotency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Deletes expired idempotency keys now and then (lookups ignore them anyway). */
@ApplicationScoped
public class IdempotencyCleanup {

    @Scheduled(every = "${saga.idempotency.cleanup-interval:10m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deleteExpired() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s
                .createNativeQuery("delete from idempotency_key where expires_at < now() returning idem_key", String.class)
                .getResultList()))
                .replaceWithVoid()
                .onFailure().recoverWithNull(); // next run tries again
    }
}
