package dev.checkoutsaga.testkit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Malformed variants of one valid JSON request body, made field by field: each text field with a
 * NUL or a control character or a number instead, each number field as text, as a fraction, beyond
 * every integer type, as a list; an unknown field at each level; and whole bodies that are no order
 * at all (not JSON, trailing garbage, a list, null, nesting 40 deep, over 64 KiB). Every public body
 * endpoint must answer each with a 4xx problem+json and write nothing.
 */
public final class MalformedBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One variant: what was done, and the body. */
    public record Variant(String name, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    private MalformedBodies() {
    }

    public static List<Variant> of(String validBody) {
        JsonNode valid;
        try {
            valid = JSON.readTree(validBody);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + validBody, e);
        }
        List<Variant> out = new ArrayList<>();
        mutate(valid, valid, "", out);
        String deep = "[".repeat(40) + "]".repeat(40);
        out.add(new Variant("not JSON", validBody.substring(0, validBody.length() / 2)));
        out.add(new Variant("trailing garbage", validBody + " {}"));
        out.add(new Variant("a list as the body", "[" + validBody + "]"));
        out.add(new Variant("null as the body", "null"));
        out.add(new Variant("nesting 40 deep", "{\"nested\": " + deep + "}"));
        ObjectNode huge = ((ObjectNode) valid.deepCopy()).put("padding", "p".repeat(70_000));
        out.add(new Variant("a body over 64 KiB", huge.toString()));
        return out;
    }

    private static void mutate(JsonNode root, JsonNode node, String path, List<Variant> out) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        out.add(variant(root, path, path.isEmpty() ? "an unknown field" : "an unknown field in " + path,
                o -> o.put("unexpected", 1)));
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            String at = path.isEmpty() ? name : path + "." + name;
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                out.add(variant(root, path, at + " with a NUL", o -> o.put(name, "a\u0000b")));
                out.add(variant(root, path, at + " with a control character", o -> o.put(name, "a\u001Bb")));
                out.add(variant(root, path, at + " as a number", o -> o.put(name, 42)));
            } else if (value.isIntegralNumber()) {
                out.add(variant(root, path, at + " as text", o -> o.put(name, value.asText())));
                out.add(variant(root, path, at + " as a fraction", o -> o.put(name, value.asLong() + 0.5)));
                out.add(variant(root, path, at + " beyond every integer", o -> o.put(name,
                        new java.math.BigInteger("99999999999999999999999999999"))));
                out.add(variant(root, path, at + " as a list", o -> o.putArray(name).add(value.asLong())));
            } else if (value.isObject()) {
                mutate(root, value, at, out);
            } else if (value.isArray() && !value.isEmpty()) {
                out.add(variant(root, path, at + " as text", o -> o.put(name, "[]")));
                ArrayNode items = (ArrayNode) value;
                mutate(root, items.get(0), at + "[0]", out);
            }
        }
    }

    /** A copy of {@code root} with {@code change} applied to the object at {@code path}. */
    private static Variant variant(JsonNode root, String path, String name,
            java.util.function.Consumer<ObjectNode> change) {
        JsonNode copy = root.deepCopy();
        JsonNode target = copy;
        if (!path.isEmpty()) {
            for (String step : path.split("\\.")) {
                if (step.endsWith("[0]")) {
                    target = target.get(step.substring(0, step.length() - 3)).get(0);
                } else {
                    target = target.get(step);
                }
            }
        }
        change.accept((ObjectNode) target);
        return new Variant(name, copy.toString());
    }
}
