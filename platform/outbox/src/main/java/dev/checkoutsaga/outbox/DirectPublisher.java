package dev.checkoutsaga.outbox;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import dev.checkoutsaga.events.SagaEvent;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Publishes an event straight to Kafka, without the outbox, and completes once Kafka acknowledged
 * it ({@code acks=all}). For the one case where there is no local transaction to join: a write
 * deferred because the service's own database is down, where the published event IS the write and
 * its consumer performs it (through the inbox) when the database is back. Every other event goes
 * through {@link Outbox}. Bounded by {@code saga.outbox.send-timeout}: with Kafka down too, the
 * returned Uni fails quickly and the caller answers that it cannot accept the write.
 *
 * <p>A Kafka that hangs would cost each such write a full send timeout and a worker thread:
 * a circuit breaker ({@value #BREAKER}) fails the next ones at once once several sends failed, and
 * a bulkhead bounds the sends waiting on Kafka (more are rejected). Config keys
 * {@code dev.checkoutsaga.outbox.DirectPublisher/publish/CircuitBreaker/*} and {@code .../Bulkhead/*},
 * defaults in this module's {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class DirectPublisher {
    public static final String BREAKER = "kafka-direct";

    @Inject
    OutboxConfig config;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private volatile KafkaProducer<String, byte[]> producer;

    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10000, successThreshold = 1)
    @CircuitBreakerName(BREAKER)
    @Bulkhead(value = 10, waitingTaskQueue = 20)
    @AsynchronousNonBlocking
    public Uni<Void> publish(SagaEvent event, Context trace) {
        OutboxEvent row = Outbox.row(event, trace);
        ProducerRecord<String, byte[]> record = CloudEventRecords.toRecord(row, "/checkout/" + applicationName);
        TraceContexts.capture(trace).forEach((k, v) -> CloudEventRecords.put(record.headers(), k, v));
        // send() may block up to max.block.ms while the broker is unreachable: never on the event loop
        return Uni.createFrom().<Void> emitter(em -> producer().send(record, (metadata, failure) -> {
            if (failure == null) {
                em.complete(null);
            } else {
                em.fail(failure);
            }
        }))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(config.sendTimeout().plus(Duration.ofSeconds(1))).fail();
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(OutboxRelay.producerConfig(kafkaConfig,
                            applicationName + "-direct", config.sendTimeout()), new StringSerializer(),
                            new ByteArraySerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    void onStop(@Observes ShutdownEvent event) {
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }
}
