package dev.checkoutsaga.order.messaging;

import org.jboss.logging.Logger;

import dev.checkoutsaga.order.health.OrderMetrics;
import dev.checkoutsaga.order.persistence.OrderStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Refreshes the {@code saga.orders} gauges with one GROUP BY query now and then. */
@ApplicationScoped
public class OrderGaugeRefresher {
    private static final Logger LOG = Logger.getLogger(OrderGaugeRefresher.class);

    @Inject
    OrderStore store;
    @Inject
    OrderMetrics metrics;

    @Scheduled(every = "${order.metrics.refresh-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return Panache.withSession(() -> store.countByStatus())
                .invoke(metrics::counts)
                .replaceWithVoid()
                // a database outage shows in health checks; the gauges just keep their last values
                .onFailure().invoke(e -> LOG.debugf("order gauges not refreshed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }
}
