package dev.checkoutsaga.e2e;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an OpenAPI validator's verdict on a JSON body depends on, without the values that cannot change
 * it: each leaf's path (array indices folded) and type, the text of short upper-case strings (enum
 * values), and the length class of other strings (a maximum length). Two bodies of one shape get the
 * same verdict, so {@link ApiContract} validates each shape once: an end-to-end run polls the same
 * answers thousands of times.
 */
final class JsonShape {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonShape() {
    }

    static String of(String body) {
        if (body == null || body.isBlank()) {
            return "empty";
        }
        try {
            TreeSet<String> leaves = new TreeSet<>();
            walk("", JSON.readTree(body), leaves);
            return String.join(",", leaves);
        } catch (java.io.IOException e) {
            return "text:" + body.length(); // not JSON: validated each time it changes length
        }
    }

    private static void walk(String path, JsonNode node, TreeSet<String> leaves) {
        if (node.isObject()) {
            leaves.add(path + "{}");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(path + "/" + field.getKey(), field.getValue(), leaves);
            }
        } else if (node.isArray()) {
            leaves.add(path + "[]");
            node.forEach(item -> walk(path + "/*", item, leaves));
        } else if (node.isTextual()) {
            String text = node.asText();
            leaves.add(path + "=" + (text.matches("[A-Z][A-Z_]{0,39}") ? text : "string" + lengthClass(text.length())));
        } else {
            leaves.add(path + ":" + node.getNodeType());
        }
    }

    private static String lengthClass(int length) {
        for (int bound : new int[] { 0, 16, 64, 128, 255, 1024 }) {
            if (length <= bound) {
                return "<=" + bound;
            }
        }
        return ">1024";
    }
}
