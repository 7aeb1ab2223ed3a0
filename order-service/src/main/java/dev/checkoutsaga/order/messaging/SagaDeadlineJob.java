package dev.checkoutsaga.order.messaging;

import org.jboss.logging.Logger;

import dev.checkoutsaga.order.service.OrderSnapshots;
import dev.checkoutsaga.order.config.OrderConfig;
import dev.checkoutsaga.order.persistence.OrderTransactions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Enforces the saga deadline: open orders past it are cancelled with DEADLINE_PASSED. Safe with
 * several replicas (rows are claimed FOR UPDATE SKIP LOCKED); the cancellation event is written to
 * the outbox in the same transaction as the state change.
 */
@ApplicationScoped
public class SagaDeadlineJob {
    private static final Logger LOG = Logger.getLogger(SagaDeadlineJob.class);

    @Inject
    OrderTransactions transactions;
    @Inject
    OrderConfig config;
    @Inject
    OrderSnapshots snapshots;

    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true; // a run cut short by shutdown (pool closed) is not worth a warning
    }

    @Scheduled(every = "${order.saga.deadline-check-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> cancelOverdueOrders() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return transactions.cancelOverdue(config.saga().deadlineBatchSize())
                .invoke(ids -> {
                    if (!ids.isEmpty()) {
                        LOG.infof("cancelled %d order(s) past their deadline", ids.size());
                    }
                })
                .call(ids -> snapshots.refreshAll(ids))
                .replaceWithVoid()
                // the next run tries again; a database outage is reported by the health checks
                .onFailure().invoke(e -> {
                    if (!stopping) {
                        LOG.warnf("deadline check failed (next run retries): %s", e.toString());
                    }
                })
                .onFailure().recoverWithNull();
    }
}
