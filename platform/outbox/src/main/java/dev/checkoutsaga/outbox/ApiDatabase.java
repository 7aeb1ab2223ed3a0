package dev.checkoutsaga.outbox;

import java.util.Map;
import java.util.function.Supplier;

import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * A participant's REST API reaches its database through here: every request's database work is
 * bounded ({@code saga.api-database.timeout}) and passes one circuit breaker, {@code api-database}
 * ({@link DatabaseGuard}). A database that cannot answer is a 503 problem with Retry-After, never
 * a 500 and never a request held until PostgreSQL's statement_timeout; while the breaker is open
 * the answer comes at once and nothing is sent to the database. The saga's own work (consumers,
 * steps, relay) does not pass here: it retries instead of answering.
 */
@ApplicationScoped
public class ApiDatabase {
    /** The breaker's name: the {@code method} label of the {@code ft_*} metrics. */
    public static final String NAME = "api-database";

    @Inject
    ApiDatabaseConfig config;

    private DatabaseGuard guard;

    @PostConstruct
    void init() {
        guard = new DatabaseGuard(NAME, config.timeout(), config.breakerRequestVolumeThreshold(),
                config.breakerFailureRatio(), config.breakerDelay());
    }

    /** Runs {@code work} (which opens its own session or transaction); a database that cannot answer is a 503. */
    public <T> Uni<T> call(Supplier<Uni<T>> work) {
        return guard.call(work).onFailure(DatabaseGuard::unavailable).transform(this::unavailable);
    }

    private ProblemException unavailable(Throwable cause) {
        return new ProblemException(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                "the database cannot answer now; retry after " + config.retryAfterSeconds() + " s", java.util.List.of()),
                Map.of(HttpHeaders.RETRY_AFTER, Integer.toString(config.retryAfterSeconds())));
    }
}
