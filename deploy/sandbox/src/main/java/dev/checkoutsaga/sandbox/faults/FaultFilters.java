package dev.checkoutsaga.sandbox.faults;

import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.checkoutsaga.web.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Applies the fault controls ({@link Faults}) to the third parties' POST endpoints. The request
 * filter runs BEFORE the resource method, hence before the idempotency layer: what it answers
 * (an error, a hang, a closed connection) never reaches the handler and is never stored under the
 * Idempotency-Key, so a retry with the same key executes for real. The one exception is
 * {@code charge-then-drop}: the request goes through (money moves, the answer is stored under its
 * key) and the response filter then closes the connection instead of answering.
 */
public class FaultFilters {
    private static final Logger LOG = Logger.getLogger(FaultFilters.class);
    private static final java.time.Duration CLOSE_GRACE = java.time.Duration.ofMillis(200);
    static final String DROP_PROPERTY = FaultFilters.class.getName() + ".drop";

    @Inject
    Faults faults;
    @Inject
    RoutingContext routing;

    @ServerRequestFilter
    public Uni<Response> beforeEndpoint(ContainerRequestContext ctx, UriInfo uri) {
        Optional<FaultEndpoint> endpoint = FaultEndpoint.of(ctx.getMethod(), "/" + stripSlash(uri.getPath()));
        if (endpoint.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        Faults.Decision d = faults.decide(endpoint.get());
        HttpServerRequest http = routing.request();
        Uni<Void> latency = d.latency().isZero() ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(d.latency());
        return switch (d.action()) {
            case PASS -> latency.replaceWith((Response) null);
            case ERROR -> latency.map(x -> error(endpoint.get(), d.settings()));
            case RESET -> latency.chain(() -> drop(http, endpoint.get(), "reset"));
            case HANG -> latency.chain(() -> Uni.createFrom().voidItem().onItem().delayIt().by(faults.hangMax()))
                    .chain(() -> drop(http, endpoint.get(), "hang ended after " + faults.hangMax()));
            case CHARGE_THEN_DROP -> latency.map(x -> {
                ctx.setProperty(DROP_PROPERTY, http);
                return (Response) null;
            });
        };
    }

    /** charge-then-drop: the handler ran (and its answer was stored); the caller never hears it. */
    @ServerResponseFilter
    public Uni<Void> afterEndpoint(ContainerRequestContext req, ContainerResponseContext res) {
        if (req.getProperty(DROP_PROPERTY) instanceof HttpServerRequest http) {
            LOG.infof("fault charge-then-drop: answer %d executed and stored, connection closed instead", res.getStatus());
            http.connection().close();
            return afterClose().replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    private static Response error(FaultEndpoint endpoint, FaultSettings s) {
        int status = s.errorStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        // Jakarta REST names no 422: its title from RFC 9110
        String title = type != null ? type.getReasonPhrase() : status == 422 ? "Unprocessable Content" : "Error " + status;
        Problem problem = new Problem("about:blank", title, status,
                "injected fault on " + endpoint.id() + " (sandbox fault controls)", null, List.of());
        Response.ResponseBuilder b = Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
        if (status == 429) {
            b.header("Retry-After", String.valueOf(s.retryAfterSeconds()));
        }
        return b.build();
    }

    private static Uni<Response> drop(HttpServerRequest http, FaultEndpoint endpoint, String why) {
        LOG.debugf("fault on %s: connection closed without an answer (%s)", endpoint.id(), why);
        http.connection().close();
        // nobody will read this: the connection is gone; it only ends the request's processing
        return afterClose().replaceWith(Response.status(Response.Status.SERVICE_UNAVAILABLE).build());
    }

    /**
     * Vert.x closes the channel in a later event-loop task; a response written in the same task
     * would still go out first. Going on only a moment later makes sure the caller never hears.
     */
    private static Uni<Void> afterClose() {
        return Uni.createFrom().voidItem().onItem().delayIt().by(CLOSE_GRACE);
    }

    private static String stripSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

}
