package dev.checkoutsaga.deploy.verify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Document-by-document comparison of two renderings (kind/name keys, trees compared field by field). */
final class KustomizeCompare {

    private KustomizeCompare() {
    }

    static String key(JsonNode tree) {
        return tree.path("kind").asText() + "/" + tree.path("metadata").path("name").asText();
    }

    /** The tree without metadata.namespace (Helm takes it from -n, kustomize from its namespace field). */
    static JsonNode normalized(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        if (copy.path("metadata") instanceof ObjectNode md) {
            md.remove("namespace");
        }
        return copy;
    }

    static Map<String, JsonNode> byKey(List<JsonNode> trees) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode t : trees) {
            if (out.put(key(t), normalized(t)) != null) {
                throw new AssertionError("the same kind/name twice: " + key(t));
            }
        }
        return out;
    }

    /** Differences as messages: keys on one side only, then the first differing paths of each common document. */
    static List<String> differences(String leftName, Map<String, JsonNode> left, String rightName,
            Map<String, JsonNode> right) {
        List<String> out = new ArrayList<>();
        Set<String> onlyLeft = new LinkedHashSet<>(left.keySet());
        onlyLeft.removeAll(right.keySet());
        Set<String> onlyRight = new LinkedHashSet<>(right.keySet());
        onlyRight.removeAll(left.keySet());
        if (!onlyLeft.isEmpty()) {
            out.add("only in " + leftName + ": " + onlyLeft);
        }
        if (!onlyRight.isEmpty()) {
            out.add("only in " + rightName + ": " + onlyRight);
        }
        for (Map.Entry<String, JsonNode> e : left.entrySet()) {
            JsonNode other = right.get(e.getKey());
            if (other != null && !other.equals(e.getValue())) {
                List<String> paths = new ArrayList<>();
                diff("", e.getValue(), other, paths);
                out.add(e.getKey() + " differs: " + String.join("; ", paths.subList(0, Math.min(6, paths.size())))
                        + (paths.size() > 6 ? "; ... (" + paths.size() + " differences)" : ""));
            }
        }
        return out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a == null || b == null || a.getNodeType() != b.getNodeType()) {
            out.add((path.isEmpty() ? "/" : path) + ": " + brief(a) + " vs " + brief(b));
        } else if (a.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                diff(path + "/" + n, a.get(n), b.get(n), out);
            }
        } else if (a.isArray()) {
            if (a.size() != b.size()) {
                out.add(path + ": " + a.size() + " items vs " + b.size());
            }
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            int i = 0;
            while (ia.hasNext() && ib.hasNext()) {
                diff(path + "/" + i++, ia.next(), ib.next(), out);
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + brief(a) + " vs " + brief(b));
        }
    }

    private static String brief(JsonNode n) {
        if (n == null) {
            return "(absent)";
        }
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
