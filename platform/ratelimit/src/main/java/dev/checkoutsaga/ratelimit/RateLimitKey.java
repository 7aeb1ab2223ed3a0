package dev.checkoutsaga.ratelimit;

import io.vertx.ext.web.RoutingContext;

/**
 * Whose bucket a request takes a token from: the authenticated caller's (the bearer token's subject,
 * which no request field can change), else the client address. The address is the peer's, or the
 * one a proxy forwarded when {@code quarkus.http.proxy.proxy-address-forwarding} is on and the peer
 * is one of {@code quarkus.http.proxy.trusted-proxies} (platform/web): a client cannot pick its own.
 */
public final class RateLimitKey {

    private RateLimitKey() {
    }

    /** {@code sub:<subject>} or {@code ip:<address>}; bounded in length. */
    public static String of(String subject, RoutingContext request) {
        if (subject != null && !subject.isBlank()) {
            return "sub:" + bounded(subject);
        }
        String ip = request == null || request.request().remoteAddress() == null ? "unknown"
                : request.request().remoteAddress().hostAddress();
        return "ip:" + bounded(ip == null ? "unknown" : ip);
    }

    /** The Redis key of a bucket (shared by every replica; also used by tests acting as another replica). */
    public static String redisKey(String endpoint, String key) {
        return "ratelimit:" + endpoint + ":" + key;
    }

    private static String bounded(String s) {
        return s.length() <= 128 ? s : s.substring(0, 128);
    }
}
