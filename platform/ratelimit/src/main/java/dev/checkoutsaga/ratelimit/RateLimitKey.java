package dev.checkoutsaga.order.api.ratelimit;

import io.vertx.ext.web.RoutingContext;

/**
 * Whose bucket a request of {@code POST /orders} takes a token from: the customer named in the
 * body, else the client's IP (anonymous calls). The ONE place to change when the customer id comes
 * from the caller's identity (DESIGN.md section 8): take it from the token instead of the body.
 * Behind a proxy, the IP is the proxy's unless {@code quarkus.http.proxy.proxy-address-forwarding}
 * is on.
 */
public final class RateLimitKey {

    private RateLimitKey() {
    }

    /** {@code c:<customerId>} or {@code ip:<address>}; bounded in length. */
    public static String of(String customerIdFromBody, RoutingContext request) {
        if (customerIdFromBody != null && !customerIdFromBody.isBlank()) {
            return "c:" + bounded(customerIdFromBody.trim());
        }
        String ip = request == null || request.request().remoteAddress() == null ? "unknown"
                : request.request().remoteAddress().hostAddress();
        return "ip:" + bounded(ip == null ? "unknown" : ip);
    }

    /** The Redis key of a bucket (shared by every replica; also used by tests acting as another replica). */
    public static String redisKey(String key) {
        return "ratelimit:orders:" + key;
    }

    private static String bounded(String s) {
        return s.length() <= 128 ? s : s.substring(0, 128);
    }
}
