package dev.checkoutsaga.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * One rate of the ladder: open-model arrivals ({@code constantUsersPerSec}), first for the warm-up,
 * then for the measured duration, each arrival one POST /orders of {@link OrderMix} with a fresh
 * Idempotency-Key, to the order-service instances in turn. Gatling writes its HTML report; every answer is also handed to {@link #current}
 * for the saga latencies, which BenchMain measures afterwards from the orders' timelines.
 *
 * <p>Connections are shared by all virtual users (keep-alive, as behind a load balancer), so that
 * the benchmark measures orders, not TCP handshakes.
 */
public class OrdersSimulation extends Simulation {

    /**
     * What one POST produced. {@code sentAtMillis} is the client's wall clock just before sending;
     * {@code status} 0 = no HTTP answer (refused, reset or timed out), then {@code responseMillis} is
     * the time until the failure. {@code retryAfter} and {@code orderWrite} are the answer's
     * Retry-After and X-Order-Write headers (null when absent).
     */
    record Placed(long sentAtMillis, OrderMix.Kind kind, int status, String orderId, long responseMillis, String retryAfter,
            String orderWrite) {
    }

    /** Parameters and sink of the step being run; set by BenchMain before Gatling starts the simulation. */
    static final class Step {
        final int rate;
        final long warmupSeconds;
        final long durationSeconds;
        final List<String> baseUrls;
        final Runnable onStart;
        final Queue<Placed> placed = new ConcurrentLinkedQueue<>();
        volatile long startedAtMillis;

        Step(int rate, long warmupSeconds, long durationSeconds, List<String> baseUrls, Runnable onStart) {
            this.rate = rate;
            this.warmupSeconds = warmupSeconds;
            this.durationSeconds = durationSeconds;
            this.baseUrls = baseUrls;
            this.onStart = onStart;
        }
    }

    static volatile Step current;

    private final Step step = current;

    {
        // several order-service instances (stack up --replicas N): each virtual user picks the next one
        HttpProtocolBuilder protocol = http.baseUrls(step.baseUrls)
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .shareConnections();

        ScenarioBuilder orders = scenario("place order")
                .exec(session -> {
                    OrderMix.Order o = OrderMix.next();
                    return session.set("body", o.json()).set("kind", o.kind().name()).set("bearer", o.bearer())
                            .set("key", UUID.randomUUID().toString()).set("sentAt", System.currentTimeMillis());
                })
                .exec(http("POST /orders").post("/orders")
                        .header("Idempotency-Key", "#{key}")
                        .header("Authorization", "Bearer #{bearer}")
                        .body(StringBody("#{body}"))
                        .check(status().saveAs("status"),
                                responseTimeInMillis().saveAs("rt"),
                                jsonPath("$.id").optional().saveAs("id"),
                                header("Retry-After").optional().saveAs("retryAfter"),
                                header("X-Order-Write").optional().saveAs("orderWrite"),
                                status().is(202)))
                .exec(session -> {
                    step.placed.add(new Placed(session.getLong("sentAt"), OrderMix.Kind.valueOf(session.getString("kind")),
                            session.contains("status") ? session.getInt("status") : 0,
                            session.contains("id") ? session.getString("id") : null,
                            session.contains("rt") ? session.getLong("rt") : System.currentTimeMillis() - session.getLong("sentAt"),
                            session.getString("retryAfter"), session.getString("orderWrite")));
                    return session;
                });

        List<OpenInjectionStep> injection = new ArrayList<>();
        if (step.warmupSeconds > 0) {
            injection.add(constantUsersPerSec(step.rate).during(step.warmupSeconds));
        }
        injection.add(constantUsersPerSec(step.rate).during(step.durationSeconds));
        setUp(orders.injectOpen(injection)).protocols(protocol);
    }

    @Override
    public void before() {
        step.startedAtMillis = System.currentTimeMillis();
        step.onStart.run();
    }
}
