package dev.checkoutsaga.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Outbox and inbox meters, shared by every service (names under {@code saga.}). */
@ApplicationScoped
public class SagaMetrics {
    private final MeterRegistry registry;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestUnpublishedAgeMillis = new AtomicLong();

    @Inject
    public SagaMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("saga.outbox.backlog", backlog);
        registry.more().timeGauge("saga.outbox.oldest.unpublished.age", java.util.List.of(), oldestUnpublishedAgeMillis,
                java.util.concurrent.TimeUnit.MILLISECONDS, AtomicLong::doubleValue);
    }

    public void backlog(long rows, Duration oldestAge) {
        backlog.set(rows);
        oldestUnpublishedAgeMillis.set(oldestAge.toMillis());
    }

    /** Time from the commit that wrote a row to Kafka's acknowledgement of it. */
    public void published(String topic, Duration lag) {
        Timer.builder("saga.outbox.relay.lag").tag("topic", topic).publishPercentileHistogram()
                .register(registry).record(lag);
    }

    public void duplicateSkipped(String consumerGroup, String eventType) {
        Counter.builder("saga.inbox.duplicates.skipped").tag("consumer_group", consumerGroup).tag("event_type", eventType)
                .register(registry).increment();
    }

    public void handled(String consumerGroup, String eventType) {
        Counter.builder("saga.inbox.events.handled").tag("consumer_group", consumerGroup).tag("event_type", eventType)
                .register(registry).increment();
    }

    /** An event of a type this consumer does not handle (another participant's, on a shared topic). */
    public void ignored(String consumerGroup, String eventType) {
        Counter.builder("saga.inbox.events.ignored").tag("consumer_group", consumerGroup).tag("event_type", eventType)
                .register(registry).increment();
    }

    /** An event on a topic its type does not belong to (refused, dead-lettered). */
    public void misplaced(String consumerGroup, String eventType, String topic) {
        Counter.builder("saga.inbox.events.misplaced").tag("consumer_group", consumerGroup).tag("event_type", eventType)
                .tag("topic", topic).register(registry).increment();
    }

    /** One handling of an event ran out of time (saga.inbox.handler-timeout or statement_timeout). */
    public void handlerTimedOut(String consumerGroup, String eventType) {
        Counter.builder("saga.inbox.handler.timeouts").tag("consumer_group", consumerGroup).tag("event_type", eventType)
                .register(registry).increment();
    }

    /** An event dead-lettered because its handling kept timing out while the database answered. */
    public void timeoutsExhausted(String consumerGroup, String eventType) {
        Counter.builder("saga.inbox.timeouts.exhausted").tag("consumer_group", consumerGroup).tag("event_type", eventType)
                .register(registry).increment();
    }

    public void unknownSkipped(String consumerGroup) {
        Counter.builder("saga.inbox.unknown.skipped").tag("consumer_group", consumerGroup).register(registry).increment();
    }
}
