package dev.checkoutsaga.web;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

/**
 * Answers an over-long request body with a 413 problem+json instead of the HTTP layer's bare 413.
 * Checks the declared Content-Length before anything reads the body; chunked bodies without a
 * length are still cut off by {@code quarkus.http.limits.max-body-size} itself.
 */
@ApplicationScoped
public class BodySizeLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void register(@Observes Filters filters) {
        if (maxBodySize.isEmpty()) {
            return;
        }
        long limit = maxBodySize.get().asLongValue();
        String body = Json.encode(Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "request body is larger than " + limit + " bytes",
                List.of(new Problem.FieldError("body", "must be at most " + limit + " bytes"))));
        filters.register(rc -> {
            String length = rc.request().getHeader("Content-Length");
            if (length != null && parse(length) > limit) {
                rc.response().setStatusCode(413)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(body);
                return;
            }
            rc.next();
        }, 10_000);
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // malformed: let the HTTP layer reject it
        }
    }
}
