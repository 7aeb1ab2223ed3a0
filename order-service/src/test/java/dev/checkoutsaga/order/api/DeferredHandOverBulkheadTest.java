package dev.checkoutsaga.order.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.SagaEvent.OrderCompleted;
import dev.checkoutsaga.outbox.DirectPublisher;
import dev.checkoutsaga.testkit.Outages;
import dev.checkoutsaga.testkit.PrometheusText;
import io.opentelemetry.context.Context;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;

/**
 * The hand-over of deferred writes to Kafka ({@link DirectPublisher}, used while the database is down)
 * holds at most 10 sends waiting on Kafka plus 20 queued (production sizes): with Kafka unreachable too,
 * the 31st and later writes are refused at once, instead of each holding a worker thread for the
 * whole send timeout. (OrderCompleted events: nothing in order-service consumes them.)
 */
@QuarkusTest
class DeferredHandOverBulkheadTest {
    private static final String PUBLISH = "method=\"dev.checkoutsaga.outbox.DirectPublisher.publish\"";

    @Inject
    DirectPublisher publisher;
    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void withKafkaHangingTheThirtyFirstAndLaterHandOversAreRefusedAtOnce() {
        breakers.resetAll();
        double rejectedBefore = PrometheusText.scrape("ft_bulkhead_calls_total", PUBLISH, "bulkheadResult=\"rejected\"");
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        Outages.whileKafkaIsDown(() -> {
            for (int i = 0; i < 35; i++) {
                sends.add(publisher.publish(new OrderCompleted(UUID.randomUUID()), Context.root()).subscribeAsCompletionStage());
            }
            // the refused ones end at once; the others wait on Kafka (up to saga.outbox.send-timeout)
            await().atMost(Duration.ofSeconds(2)).until(() -> sends.stream().filter(CompletableFuture::isDone).count() >= 5);
            List<CompletableFuture<Void>> done = sends.stream().filter(CompletableFuture::isDone).toList();
            assertEquals(5, done.size(), "10 sending + 20 queued are still waiting on Kafka");
            for (CompletableFuture<Void> refused : done) {
                Throwable why = refused.handle((ok, e) -> e).join();
                why = why instanceof java.util.concurrent.CompletionException ? why.getCause() : why;
                // the first refusals are the bulkhead's; they open the breaker (%test: 2 failures), which refuses the rest
                assertTrue(why instanceof BulkheadException || why instanceof CircuitBreakerOpenException, String.valueOf(why));
            }
            return null;
        });
        assertTrue(PrometheusText.scrape("ft_bulkhead_calls_total", PUBLISH, "bulkheadResult=\"rejected\"") > rejectedBefore,
                "the bulkhead refused");
        // every send ends, one way or the other, once Kafka is back or the send timeout passed
        await().atMost(Duration.ofSeconds(30)).until(() -> sends.stream().allMatch(CompletableFuture::isDone));
        breakers.resetAll();
    }
}
