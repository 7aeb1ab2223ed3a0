package dev.checkoutsaga.audit;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Strict reads of the services' answers. A field the audit relies on that is missing, or of another
 * type, makes the audit unable to judge ({@link SnapshotReader.AuditException}) instead of reading as
 * 0 or false: a renamed field must never silently turn a check off.
 */
final class Json {
    private final String source;

    /** {@code source} names the answer in messages, e.g. {@code GET http://.../orders}. */
    Json(String source) {
        this.source = source;
    }

    JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null) {
            throw missing(name, node, "missing");
        }
        return v;
    }

    String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isTextual()) {
            throw missing(name, node, "not a text");
        }
        return v.asText();
    }

    /** A field that must be present and may be null. */
    String textOrNull(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw missing(name, node, "not a text");
        }
        return v.asText();
    }

    long number(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isIntegralNumber()) {
            throw missing(name, node, "not a whole number");
        }
        return v.asLong();
    }

    boolean bool(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isBoolean()) {
            throw missing(name, node, "not true or false");
        }
        return v.asBoolean();
    }

    UUID uuid(JsonNode node, String name) {
        String v = text(node, name);
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw missing(name, node, "not a UUID");
        }
    }

    JsonNode array(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isArray()) {
            throw missing(name, node, "not an array");
        }
        return v;
    }

    JsonNode object(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isObject()) {
            throw missing(name, node, "not an object");
        }
        return v;
    }

    /** The answer itself must be an array (a bare list answer). */
    JsonNode array(JsonNode node) {
        if (!node.isArray()) {
            throw new SnapshotReader.AuditException(source + ": expected an array, got " + abbreviate(node));
        }
        return node;
    }

    private SnapshotReader.AuditException missing(String name, JsonNode in, String what) {
        return new SnapshotReader.AuditException(source + ": field '" + name + "' is " + what + " in " + abbreviate(in));
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
