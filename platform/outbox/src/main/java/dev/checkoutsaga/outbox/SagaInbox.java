package dev.checkoutsaga.outbox;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import dev.checkoutsaga.events.EventType;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs a saga handler exactly once per event and consumer group: the inbox row, the handler's
 * state change and the events it emits commit in one local transaction. A redelivered event finds
 * its inbox row and is skipped.
 */
@ApplicationScoped
public class SagaInbox {
    private static final Logger LOG = Logger.getLogger(SagaInbox.class);

    private static final String MARK_RECEIVED = "insert into inbox_event (consumer_group, event_id, event_type) "
            + "values (?1, ?2, ?3) on conflict do nothing returning event_id";

    @Inject
    InboxConfig config;
    @Inject
    SagaMetrics metrics;
    @Inject
    OpenTelemetry openTelemetry;

    /**
     * Handles one consumed record whose type is in {@code handled}; records of other types (the
     * other events of a topic the consumer shares) are skipped without touching the database.
     * Transient failures (see {@link TransientFailures}) are retried
     * until they pass. The returned Uni fails only when the record is malformed or the handler kept
     * failing for another reason after the configured retries; the channel's failure strategy then
     * takes it (dead-letter topic), so nothing is silently dropped.
     */
    public Uni<Void> handle(String consumerGroup, Set<EventType> handled, ConsumerRecord<String, byte[]> record,
            Function<IncomingEvent, Uni<Void>> handler) {
        Optional<CloudEventRecords.Decoded> decoded = CloudEventRecords.decode(record);
        if (decoded.isEmpty()) {
            LOG.debugf("%s skips unknown event type %s", consumerGroup,
                    CloudEventRecords.header(record.headers(), "ce_type"));
            metrics.unknownSkipped(consumerGroup);
            return Uni.createFrom().voidItem();
        }
        CloudEventRecords.Decoded d = decoded.get();
        if (!d.type().topic().equals(record.topic())) {
            // Each topic has one writer, the producer of its types (Kafka ACLs in a cluster): a type on
            // another topic is forged or misrouted. Never applied; the dead-letter topic keeps it.
            LOG.warnf("%s refuses %s %s on %s: that type is only published on %s", consumerGroup,
                    d.type().simpleName(), d.id(), record.topic(), d.type().topic());
            metrics.misplaced(consumerGroup, d.type().simpleName(), record.topic());
            return Uni.createFrom().failure(new MisplacedEventException(d.type(), record.topic()));
        }
        if (!handled.contains(d.type())) {
            // another consumer's event on a shared topic: it changes nothing here, so it needs no
            // transaction, no inbox row and no span
            metrics.ignored(consumerGroup, d.type().simpleName());
            return Uni.createFrom().voidItem();
        }
        Span span = openTelemetry.getTracer("dev.checkoutsaga.outbox")
                .spanBuilder(consumerGroup + " process " + d.type().simpleName())
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContexts.restore(d.traceParent(), d.traceState()))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.message.id", d.id().toString())
                .setAttribute("checkout.order_id", d.data().orderId().toString())
                .startSpan();
        IncomingEvent event = new IncomingEvent(d.id(), d.type(), d.source(), d.time(), d.data(),
                Context.root().with(span));
        SagaLogContext.enter(event.orderId().toString(), span.getSpanContext());

        AtomicInteger timeouts = new AtomicInteger();
        return Panache.withTransaction(() -> markReceived(consumerGroup, event)
                .flatMap(first -> {
                    if (!first) {
                        LOG.debugf("%s skips duplicate %s %s", consumerGroup, event.type().simpleName(), event.id());
                        metrics.duplicateSkipped(consumerGroup, event.type().simpleName());
                        span.setAttribute("checkout.duplicate", true);
                        return Uni.createFrom().voidItem();
                    }
                    return handler.apply(event)
                            .invoke(() -> metrics.handled(consumerGroup, event.type().simpleName()));
                }))
                // a hanging database fails the attempt as a timeout: transient, retried below
                .ifNoItem().after(config.handlerTimeout()).fail()
                .onFailure().invoke(e -> LOG.warnf("%s failed to handle %s for order %s (will retry): %s", consumerGroup,
                        event.type().simpleName(), event.orderId(), e.toString()))
                .onFailure(TransientFailures::isTimeout).recoverWithUni(e -> {
                    metrics.handlerTimedOut(consumerGroup, event.type().simpleName());
                    return timeouts.incrementAndGet() < config.maxHandlerTimeouts() ? Uni.createFrom().failure(e)
                            : poisonIfTheDatabaseAnswers(consumerGroup, event, e);
                })
                // database down, deadlock, timeout: wait as long as it takes (the partition waits too)
                .onFailure(e -> !(e instanceof HandlerKeepsTimingOutException) && TransientFailures.isTransient(e)).retry()
                .withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff()).withJitter(0.2)
                .indefinitely()
                // anything else may be a poison event: a bounded number of tries, then the dead-letter topic
                .onFailure(e -> !(e instanceof HandlerKeepsTimingOutException)).retry()
                .withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff()).withJitter(0.2)
                .atMost(config.maxRetries())
                .onItemOrFailure().invoke((ok, failure) -> {
                    if (failure != null) {
                        span.recordException(failure);
                        span.setStatus(StatusCode.ERROR);
                    }
                    span.end();
                    SagaLogContext.leave();
                });
    }

    /**
     * The handling timed out {@code saga.inbox.max-handler-timeouts} times in a row. If the database
     * answers a trivial query, this event is what hangs (a lock it waits for, a query that never
     * ends): it goes to the dead-letter topic so that its partition moves on. If not, it is an outage
     * and the timeout stays transient.
     */
    private Uni<Void> poisonIfTheDatabaseAnswers(String consumerGroup, IncomingEvent event, Throwable timeout) {
        return Panache.withSession(() -> Panache.getSession().flatMap(s -> s.createNativeQuery("select 1", Integer.class)
                .getSingleResult()))
                .ifNoItem().after(config.handlerTimeout()).fail()
                .onItemOrFailure().transformToUni((ok, down) -> {
                    if (down != null) {
                        return Uni.createFrom().failure(timeout);
                    }
                    metrics.timeoutsExhausted(consumerGroup, event.type().simpleName());
                    LOG.errorf("%s gives up %s %s of order %s: %d handlings in a row timed out while the database "
                            + "answers; to the dead-letter topic (saga.inbox.max-handler-timeouts)", consumerGroup,
                            event.type().simpleName(), event.id(), event.orderId(), config.maxHandlerTimeouts());
                    return Uni.createFrom().failure(new HandlerKeepsTimingOutException(config.maxHandlerTimeouts(), timeout));
                });
    }

    /** Not transient and not retried: the event's handling keeps timing out while the database answers. */
    static final class HandlerKeepsTimingOutException extends RuntimeException {
        HandlerKeepsTimingOutException(int times, Throwable last) {
            super(times + " handlings in a row timed out while the database answers", last);
        }
    }

    /** True when this is the first delivery of the event to this consumer group. */
    private Uni<Boolean> markReceived(String consumerGroup, IncomingEvent event) {
        // "returning" makes this a row-returning query, not a bulk update: no row back = duplicate.
        return Panache.getSession().flatMap(session -> session.createNativeQuery(MARK_RECEIVED, UUID.class)
                .setParameter(1, consumerGroup)
                .setParameter(2, event.id())
                .setParameter(3, event.type().ceType())
                .getResultList())
                .map(inserted -> !inserted.isEmpty());
    }
}
