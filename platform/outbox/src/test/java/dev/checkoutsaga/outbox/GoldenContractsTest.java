package dev.checkoutsaga.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.OrderLine;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.SagaEvent.*;
import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.events.StockLine;
import io.opentelemetry.context.Context;

/**
 * The wire format of every saga event, pinned: one file per event type and version under
 * {@code src/test/resources/contracts}, the Kafka record as it travels (topic, key, CloudEvents
 * headers, JSON data). Producers must write exactly that (the outbox row and the record built from
 * it, {@link Outbox#row} and {@link CloudEventRecords#toRecord}); consumers must read every file back
 * ({@link CloudEventRecords#decode}), including the older shapes still supported (files named
 * {@code <type>.<shape>.json}, e.g. a StockReserved from a producer that did not send the deadline).
 * A change to a record's fields, a type name, a topic or a header fails here first. A new event type
 * gets its file written on the first run (and the test fails once, so that the file is reviewed).
 */
class GoldenContractsTest {
    private static final Path CONTRACTS = Path.of("src/test/resources/contracts");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final UUID ORDER = UUID.fromString("0b9a8b9e-3c5d-4f6a-9b1c-2d3e4f5a6b7c");
    private static final UUID PAYMENT = UUID.fromString("5d7e9f1a-2b3c-4d5e-8f9a-0b1c2d3e4f5a");
    private static final UUID SHIPMENT = UUID.fromString("7f8e9d0c-1b2a-4c3d-9e8f-7a6b5c4d3e2f");
    private static final UUID EVENT_ID = UUID.fromString("1e2d3c4b-5a69-4788-8796-a5b4c3d2e1f0");
    private static final Instant TIME = Instant.parse("2026-12-03T10:15:30.123456Z");
    private static final Instant DEADLINE = Instant.parse("2026-12-03T10:20:30.123456Z");
    private static final Money TOTAL = new Money(3998, "EUR");
    private static final ShippingAddress ADDRESS = new ShippingAddress("Ada Lovelace", "1 Main St", null, "London",
            "N1 9GU", "GB");
    private static final String SEALED_TOKEN = "sealed:v1:key-1.c2VhbGVkLXRva2VuLWZvci10aGUtY29udHJhY3Q";

    /** One event of every type, with every field set the way its producer sets it today. */
    static Map<EventType, SagaEvent> samples() {
        List<OrderLine> lines = List.of(new OrderLine("MUG", 2, new Money(1999, "EUR")));
        Map<EventType, SagaEvent> s = new EnumMap<>(EventType.class);
        s.put(EventType.ORDER_PLACED, new OrderPlaced(ORDER, "customer-1", lines, TOTAL, ADDRESS, SEALED_TOKEN, DEADLINE));
        s.put(EventType.ORDER_CANCELLATION_REQUESTED, new OrderCancellationRequested(ORDER,
                CancellationReason.PAYMENT_DECLINED, "card_declined"));
        s.put(EventType.ORDER_COMPLETED, new OrderCompleted(ORDER));
        s.put(EventType.ORDER_CANCELLED, new OrderCancelled(ORDER, CancellationReason.PAYMENT_DECLINED,
                List.of("stock released: MUG x2")));
        s.put(EventType.ORDER_PLACEMENT_DEFERRED, new OrderPlacementDeferred(ORDER, "customer-1", lines, ADDRESS,
                SEALED_TOKEN, TIME, DEADLINE, true, "key-1", "fingerprint-1"));
        s.put(EventType.STOCK_RESERVED, new StockReserved(ORDER, List.of(new StockLine("MUG", 2)), TOTAL, SEALED_TOKEN,
                ADDRESS, DEADLINE));
        s.put(EventType.STOCK_REJECTED, new StockRejected(ORDER, List.of("MUG")));
        s.put(EventType.INVENTORY_SETTLED, new InventorySettled(ORDER, List.of(new StockLine("MUG", 2))));
        s.put(EventType.PAYMENT_CAPTURED, new PaymentCaptured(ORDER, PAYMENT, TOTAL, ADDRESS, DEADLINE));
        s.put(EventType.PAYMENT_DECLINED, new PaymentDeclined(ORDER, PAYMENT, "card_declined"));
        s.put(EventType.PAYMENT_SETTLED, new PaymentSettled(ORDER, TOTAL));
        s.put(EventType.PAYMENT_REFUND_FAILED, new PaymentRefundFailed(ORDER, PAYMENT, TOTAL, "charge_already_refunded"));
        s.put(EventType.SHIPMENT_SCHEDULED, new ShipmentScheduled(ORDER, SHIPMENT, "sandbox-carrier", "TRK-0001"));
        s.put(EventType.SHIPMENT_FAILED, new ShipmentFailed(ORDER, "address_undeliverable"));
        s.put(EventType.SHIPPING_SETTLED, new ShippingSettled(ORDER, "TRK-0001"));
        return s;
    }

    /** Older shapes consumers still read: the file's shape name and the event it must decode to. */
    static Stream<Arguments> olderShapes() {
        return Stream.of(
                Arguments.of(EventType.STOCK_RESERVED, "without-deadline",
                        new StockReserved(ORDER, List.of(new StockLine("MUG", 2)), TOTAL, SEALED_TOKEN, ADDRESS)),
                Arguments.of(EventType.PAYMENT_CAPTURED, "without-deadline",
                        new PaymentCaptured(ORDER, PAYMENT, TOTAL, ADDRESS)));
    }

    @Test
    void everyEventTypeHasASample() {
        assertEquals(EventType.values().length, samples().size(), "a sample per event type");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theProducerWritesExactlyTheGoldenRecord(EventType type) throws IOException {
        SagaEvent event = samples().get(type);
        OutboxEvent row = Outbox.row(event, Context.root());
        row.id = EVENT_ID; // the two values a producer draws afresh for every event
        row.createdAt = TIME;
        ProducerRecord<String, byte[]> record = CloudEventRecords.toRecord(row, source(type));

        ObjectNode written = JSON.createObjectNode();
        written.put("topic", record.topic());
        written.put("key", record.key());
        ObjectNode headers = written.putObject("headers");
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        written.set("data", JSON.readTree(record.value()));

        Path golden = file(type, null);
        if (!Files.exists(golden)) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, JSON.writeValueAsString(written) + "\n");
            fail(golden + " did not exist and was written from the current producer: review it and commit it");
        }
        assertEquals(JSON.readTree(golden.toFile()), written, type + ": the record differs from " + golden);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theConsumerReadsTheGoldenRecordBackToTheSameEvent(EventType type) throws IOException {
        assertEquals(samples().get(type), decode(file(type, null)).data());
    }

    @ParameterizedTest
    @MethodSource("olderShapes")
    void everyOlderShapeStillSupportedIsRead(EventType type, String shape, SagaEvent expected) throws IOException {
        CloudEventRecords.Decoded decoded = decode(file(type, shape));
        assertEquals(type, decoded.type());
        assertEquals(expected, decoded.data());
    }

    @Test
    void everyGoldenFileNamesATypeThisBuildKnows() throws IOException {
        try (Stream<Path> files = Files.list(CONTRACTS)) {
            for (Path f : files.toList()) {
                String ceType = f.getFileName().toString().replaceFirst("(\\.[a-z-]+)?\\.json$", "");
                assertTrue(EventType.fromCeType(ceType).isPresent(), f + ": no event type " + ceType
                        + " (a removed version's consumers must be gone too, and its file with them)");
            }
        }
    }

    /** The CloudEvent source of a type: its producer, as the outbox of that service names itself. */
    private static String source(EventType type) {
        return "/checkout/" + SagaMap.of(type).producer();
    }

    private static Path file(EventType type, String shape) {
        return CONTRACTS.resolve(type.ceType() + (shape == null ? "" : "." + shape) + ".json");
    }

    private static CloudEventRecords.Decoded decode(Path golden) throws IOException {
        JsonNode g = JSON.readTree(golden.toFile());
        RecordHeaders headers = new RecordHeaders();
        Map<String, String> values = new LinkedHashMap<>();
        g.get("headers").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        values.forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(g.get("topic").asText(), 0, 0L, 0L,
                TimestampType.CREATE_TIME, 0, 0, g.get("key").asText(), JSON.writeValueAsBytes(g.get("data")), headers,
                java.util.Optional.empty());
        return CloudEventRecords.decode(record).orElseThrow(() -> new AssertionError(golden + ": type not known"));
    }
}
