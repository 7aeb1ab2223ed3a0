package dev.checkoutsaga.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Publishes committed outbox rows to Kafka, in order, at least once.
 *
 * <p>One loop on its own thread: claim a batch of unpublished rows ({@code FOR UPDATE SKIP LOCKED},
 * so several replicas can relay side by side without publishing a row twice at the same time),
 * send them with an idempotent producer ({@code acks=all}), wait for Kafka's acknowledgements, and
 * only then mark the rows published and commit. If Kafka or the database fails half way, the
 * transaction rolls back and the rows are sent again later; consumers drop the duplicates in their
 * inbox. Between batches the loop sleeps on {@code LISTEN outbox_event} (the insert trigger
 * notifies on commit), with {@link OutboxConfig#sweepInterval()} as a safety net.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final String CHANNEL = "outbox_event";

    private static final String CLAIM = "select id, aggregate_id, topic, event_type, payload, trace_parent, trace_state, "
            + "created_at from outbox_event where published_at is null order by seq limit ? for update skip locked";
    private static final String MARK_PUBLISHED = "update outbox_event set published_at = now() where id = any(?)";
    private static final String BACKLOG = "select count(*), min(created_at) from outbox_event where published_at is null";

    @Inject
    OutboxConfig config;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    SagaMetrics metrics;
    @Inject
    OpenTelemetry openTelemetry;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, byte[]> producer;
    private PgChannelListener wakeUps;
    private Tracer tracer;
    private Instant lastCleanup = Instant.EPOCH;

    void onStart(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            LOG.info("Outbox relay disabled (saga.outbox.relay-enabled=false)");
            return;
        }
        tracer = openTelemetry.getTracer("dev.checkoutsaga.outbox");
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
        wakeUps = new PgChannelListener(dataSource, CHANNEL, config.failureBackoff());
        running = true;
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (wakeUps != null) {
            wakeUps.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private Map<String, Object> producerConfig() {
        return producerConfig(kafkaConfig, applicationName + "-outbox-relay", config.sendTimeout());
    }

    /**
     * An idempotent {@code acks=all} producer whose every wait (metadata, send, delivery) is bounded
     * by {@code timeout}, so that a dead broker turns into a quick failure instead of a blocked caller.
     */
    static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig, String clientId, Duration timeout) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        int timeoutMs = (int) timeout.toMillis();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeoutMs / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        return props;
    }

    private void loop() {
        LOG.infof("Outbox relay started (batch %d, sweep %s)", config.batchSize(), config.sweepInterval());
        RetryBackoff backoff = new RetryBackoff(config.failureBackoff(), config.failureBackoffMax(), 0.2);
        while (running) {
            try {
                int published = publishBatch();
                backoff.reset();
                if (published == config.batchSize()) {
                    continue; // more rows are probably waiting
                }
                housekeeping();
                awaitWakeUp(config.sweepInterval());
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                Duration pause = backoff.afterFailure();
                LOG.warnf("Outbox relay batch failed, retrying in %d ms: %s", pause.toMillis(), e.toString());
                sleep(pause);
            }
        }
        LOG.info("Outbox relay stopped");
    }

    /** Claims, publishes and marks one batch in one transaction; returns the number of rows published. */
    int publishBatch() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<OutboxEvent> rows = claim(c);
                if (rows.isEmpty()) {
                    c.commit();
                    return 0;
                }
                List<Span> spans = new ArrayList<>(rows.size());
                List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
                for (OutboxEvent row : rows) {
                    Span span = publishSpan(row);
                    spans.add(span);
                    acks.add(producer.send(tracedRecord(row, span)));
                }
                try {
                    long deadline = System.nanoTime() + config.sendTimeout().toNanos();
                    for (Future<RecordMetadata> ack : acks) {
                        ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                } finally {
                    spans.forEach(Span::end);
                }
                markPublished(c, rows);
                c.commit();
                Instant now = Instant.now();
                rows.forEach(r -> metrics.published(r.topic, Duration.between(r.createdAt, now)));
                return rows.size();
            } catch (Exception e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private List<OutboxEvent> claim(Connection c) throws SQLException {
        List<OutboxEvent> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setInt(1, config.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OutboxEvent row = new OutboxEvent();
                    row.id = rs.getObject(1, UUID.class);
                    row.aggregateId = rs.getString(2);
                    row.topic = rs.getString(3);
                    row.eventType = rs.getString(4);
                    row.payload = rs.getString(5);
                    row.traceParent = rs.getString(6);
                    row.traceState = rs.getString(7);
                    row.createdAt = rs.getTimestamp(8).toInstant();
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private void markPublished(Connection c, List<OutboxEvent> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MARK_PUBLISHED)) {
            ps.setArray(1, c.createArrayOf("uuid", rows.stream().map(r -> r.id).toArray()));
            ps.executeUpdate();
        }
    }

    /** A producer span in the trace the row was written in; its context goes into the record headers. */
    private Span publishSpan(OutboxEvent row) {
        return tracer.spanBuilder(row.topic + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(TraceContexts.restore(row.traceParent, row.traceState))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", row.topic)
                .setAttribute("messaging.message.id", row.id.toString())
                .setAttribute("checkout.order_id", row.aggregateId)
                .startSpan();
    }

    private ProducerRecord<String, byte[]> tracedRecord(OutboxEvent row, Span span) {
        ProducerRecord<String, byte[]> record = CloudEventRecords.toRecord(row, "/checkout/" + applicationName);
        TraceContexts.capture(Context.root().with(span))
                .forEach((k, v) -> CloudEventRecords.put(record.headers(), k, v));
        return record;
    }

    /** Refreshes the backlog gauges and, now and then, deletes old published outbox rows and inbox rows. */
    private void housekeeping() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(BACKLOG)) {
                rs.next();
                long rows = rs.getLong(1);
                java.sql.Timestamp oldest = rs.getTimestamp(2);
                metrics.backlog(rows, oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), Instant.now()));
            }
            if (Duration.between(lastCleanup, Instant.now()).compareTo(config.cleanupInterval()) >= 0) {
                st.executeUpdate("delete from outbox_event where published_at < now() - interval '"
                        + config.retention().toSeconds() + " seconds'");
                st.executeUpdate("delete from inbox_event where received_at < now() - interval '"
                        + config.inboxRetention().toSeconds() + " seconds'");
                lastCleanup = Instant.now();
            }
        }
    }

    /** Sleeps until a commit notifies the channel or the timeout passes. */
    private void awaitWakeUp(Duration timeout) {
        try {
            wakeUps.await(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the database rolls back by itself
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
