package dev.checkoutsaga.testkit;

import java.util.List;
import java.util.function.Function;

/**
 * What a careless or hostile client puts in a path segment or a query parameter, already
 * URL-encoded as it goes on the wire (send it with RestAssured's {@code urlEncodingEnabled(false)}):
 * control characters and NUL, bytes that are not UTF-8, numbers of the wrong kind or size, injection
 * and traversal attempts, JSON where a scalar belongs, and a value far too long (2,000 characters). Every read endpoint
 * of every service must answer each with a 4xx problem+json: never a 500, never data.
 */
public final class MalformedParameters {

    public static final List<String> VALUES = List.of(
            "%00", "a%00b", "%01", "%1B%5B31m", "%7F", "%C2%80", "line%0D%0ASet-Cookie:%20x=1",
            "%FF%FE", "%C0%AF", "%ED%A0%80",
            "-1", "0", "1.5", "1e309", "99999999999999999999999999", "NaN", "0x10", "true", "null",
            "%27%20OR%20%271%27=%271", "..%2F..%2Fetc%2Fpasswd", "%25", "%2525",
            "%5B%5D", "%7B%22a%22:1%7D", "%20", "%E2%80%AE", "%F0%9F%99%82",
            // long, yet within the 4 KiB request line Vert.x reads: a longer line is refused before
            // any service code runs, with a bare 414 (quarkus.http.limits.max-initial-line-length)
            "x".repeat(2_000));

    private MalformedParameters() {
    }

    /** What an endpoint answered. */
    public record Answer(int status, String contentType, String body) {
    }

    /**
     * Each of {@code templates} (a path with {@code {v}} where the value goes, e.g. {@code /payments/{v}}
     * or {@code /payments?orderId={v}}) with each value of the corpus, sent by {@code send}: every answer
     * must be a rejection ({@link #assertRejected}).
     */
    public static void assertEveryRejected(List<String> templates, Function<String, Answer> send) {
        for (String v : VALUES) {
            String shown = v.length() > 40 ? v.substring(0, 40) + "..." : v;
            for (String template : templates) {
                Answer a = send.apply(template.replace("{v}", v));
                assertRejected(a.status(), a.contentType(), a.body(), template.replace("{v}", shown));
            }
        }
    }

    /** A 4xx (not 401: the caller is authenticated) answered as problem+json. */
    public static void assertRejected(int status, String contentType, String body, String what) {
        if (status < 400 || status >= 500 || status == 401) {
            throw new AssertionError(what + " answered " + status + ", not a 4xx: " + body);
        }
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            throw new AssertionError(what + " answered " + status + " as " + contentType + ", not problem+json: " + body);
        }
    }
}
