package dev.checkoutsaga.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of a dead-letter topic, as SmallRye Reactive Messaging writes it (failure strategy
 * {@code dead-letter-queue}): the original key, value and headers (the CloudEvent's {@code ce_*}),
 * plus {@code dead-letter-reason}, {@code dead-letter-cause}, {@code dead-letter-topic},
 * {@code dead-letter-partition} and {@code dead-letter-offset}: why it failed and where it came from.
 */
public record DeadLetter(Position at, Instant time, String key, byte[] value, Map<String, String> headers) {
    static final String PREFIX = "dead-letter-";

    /** topic/partition@offset: a dead letter's address, and how the commands name it. */
    public record Position(String topic, int partition, long offset) {
        public static Position parse(String text) {
            int slash = text.lastIndexOf('/');
            int at = text.lastIndexOf('@');
            if (slash < 1 || at < slash + 2 || at == text.length() - 1) {
                throw new IllegalArgumentException("not TOPIC/PARTITION@OFFSET: " + text);
            }
            return new Position(text.substring(0, slash), Integer.parseInt(text.substring(slash + 1, at)),
                    Long.parseLong(text.substring(at + 1)));
        }

        @Override
        public String toString() {
            return topic + "/" + partition + "@" + offset;
        }
    }

    static DeadLetter of(ConsumerRecord<String, byte[]> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new DeadLetter(new Position(r.topic(), r.partition(), r.offset()), Instant.ofEpochMilli(r.timestamp()),
                r.key(), r.value(), headers);
    }

    /** Where it was consumed from, or null when the record does not say (not written by a dead-letter strategy). */
    public Position origin() {
        String topic = headers.get(PREFIX + "topic");
        String partition = headers.get(PREFIX + "partition");
        String offset = headers.get(PREFIX + "offset");
        if (topic == null || partition == null || offset == null) {
            return null;
        }
        return new Position(topic, Integer.parseInt(partition), Long.parseLong(offset));
    }

    public String reason() {
        return headers.getOrDefault(PREFIX + "reason", "(no reason recorded)");
    }

    /** One line: where, when, what event, from where, why. */
    public String summary() {
        Position from = origin();
        return at + "  " + time + "  " + headers.getOrDefault("ce_type", "(no ce_type)") + "  id "
                + headers.getOrDefault("ce_id", "-") + "  order " + (key == null ? "-" : key) + "  from "
                + (from == null ? "(unknown)" : from) + "  reason: " + oneLine(reason());
    }

    /** Every header and the payload, for {@code show}. */
    public String details() {
        StringBuilder sb = new StringBuilder(summary()).append('\n');
        headers.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        sb.append("  key: ").append(key).append('\n');
        sb.append("  payload: ").append(value == null ? "null" : new String(value, StandardCharsets.UTF_8)).append('\n');
        return sb.toString();
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
