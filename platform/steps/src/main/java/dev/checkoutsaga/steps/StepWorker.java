package dev.checkoutsaga.steps;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.checkoutsaga.outbox.SagaLogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Runs due pending steps outside the Kafka consumer, so a slow or dead third party parks the
 * affected orders instead of blocking every other order behind them.
 *
 * <p>Claiming is one statement ({@code update ... where id in (select ... for update skip locked)
 * returning ...}) that bumps {@code attempts} and pushes {@code next_attempt_at} out by the lease:
 * several replicas never run the same step at once, and a step whose worker died becomes due again
 * when the lease ends. A failed run is rescheduled with exponential backoff and jitter, or later
 * when the failure carries a {@link RetryAfterHint} (the third party asked us to wait): the next
 * try is then {@code max(backoff, hint)} away, the hint capped by {@code saga.steps.retry-after-max}.
 */
@ApplicationScoped
public class StepWorker {
    private static final Logger LOG = Logger.getLogger(StepWorker.class);

    private static final String CLAIM = "update pending_step set attempts = attempts + 1, "
            + "next_attempt_at = now() + make_interval(secs => ?1) "
            + "where id in (select id from pending_step where next_attempt_at <= now() "
            + "order by next_attempt_at limit ?2 for update skip locked) "
            + "returning id, order_id, kind, attempts";
    private static final String RESCHEDULE = "update pending_step set next_attempt_at = now() + make_interval(secs => ?1), "
            + "last_error = ?2 where id = ?3 returning id";
    // parked = failed at least once and waiting for its next try
    private static final String COUNT = "select count(*) filter (where last_error is not null), count(*) from pending_step";

    @Inject
    StepsConfig config;
    @Inject
    Instance<StepHandler> handlerBeans;
    @Inject
    MeterRegistry registry;

    private final Map<String, StepHandler> handlers = new HashMap<>();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean stopping;

    @PostConstruct
    void init() {
        handlerBeans.forEach(h -> handlers.put(h.kind(), h));
        registry.gauge("saga.steps.parked", parked);
        registry.gauge("saga.steps.pending", pending);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Scheduled(every = "${saga.steps.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (stopping || !config.workerEnabled() || handlers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return claim()
                .flatMap(this::runAll)
                .chain(this::refreshGauges)
                .onFailure().invoke(e -> {
                    if (!stopping) {
                        LOG.warnf("pending-step poll failed (next poll retries): %s", e.toString());
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<List<PendingStep>> claim() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s
                .createNativeQuery(CLAIM, Object[].class)
                .setParameter(1, (double) config.lease().toMillis() / 1000)
                .setParameter(2, config.batchSize())
                .getResultList()))
                .map(rows -> rows.stream().map(r -> new PendingStep((UUID) r[0], (UUID) r[1], (String) r[2],
                        ((Number) r[3]).intValue())).toList());
    }

    /**
     * One after the other: each run opens its own transactions on this context, and a reactive
     * session must never be used by two operations at once.
     */
    private Uni<Void> runAll(List<PendingStep> steps) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (PendingStep step : steps) {
            chain = chain.chain(() -> runOne(step));
        }
        return chain;
    }

    /** One step, its log lines (the handler's and the retry's) tagged with its order. */
    private Uni<Void> runOne(PendingStep step) {
        return Uni.createFrom().deferred(() -> {
            SagaLogContext.enter(step.orderId().toString(), SpanContext.getInvalid());
            return attempt(step);
        }).eventually(SagaLogContext::leave);
    }

    private Uni<Void> attempt(PendingStep step) {
        StepHandler handler = handlers.get(step.kind());
        if (handler == null) {
            return reschedule(step, new IllegalStateException("no handler for step kind " + step.kind()));
        }
        return Uni.createFrom().deferred(() -> handler.run(step))
                .ifNoItem().after(config.runTimeout()).fail()
                .invoke(() -> count(step, "done"))
                .onFailure().recoverWithUni(e -> reschedule(step, e));
    }

    private Uni<Void> reschedule(PendingStep step, Throwable failure) {
        Duration hint = RetryAfterHint.of(failure);
        Duration delay = delay(backoff(step.attempts()), hint, config.retryAfterMax());
        count(step, "retry");
        LOG.infof("step %s of order %s failed (attempt %d), next try in %s%s: %s", step.kind(), step.orderId(),
                step.attempts(), delay, hint == null ? "" : " (asked to wait " + hint + ")", failure.toString());
        String error = String.valueOf(failure.getMessage());
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s
                .createNativeQuery(RESCHEDULE, UUID.class)
                .setParameter(1, (double) delay.toMillis() / 1000)
                .setParameter(2, error.length() > 1000 ? error.substring(0, 1000) : error)
                .setParameter(3, step.id())
                .getResultList()))
                .replaceWithVoid()
                .onFailure().recoverWithNull(); // the lease brings the step back anyway
    }

    /** initial * 2^(attempts-1), capped, with +-20 % jitter so parked steps do not retry in lockstep. */
    Duration backoff(int attempts) {
        long initial = config.retryInitialBackoff().toMillis();
        long max = config.retryMaxBackoff().toMillis();
        long exp = initial << Math.min(Math.max(0, attempts - 1), 20);
        long capped = Math.min(Math.max(exp, initial), max);
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (capped * jitter));
    }

    /**
     * The wait before the next try: the worker's own backoff, or the failure's Retry-After hint if
     * that is longer (never retry before the third party said we may), the hint capped at
     * {@code hintMax} so that a hostile or broken header cannot park a step for days.
     */
    static Duration delay(Duration backoff, Duration hint, Duration hintMax) {
        if (hint == null || !hint.isPositive()) {
            return backoff;
        }
        Duration honoured = hint.compareTo(hintMax) > 0 ? hintMax : hint;
        return honoured.compareTo(backoff) > 0 ? honoured : backoff;
    }

    private Uni<Void> refreshGauges(Void ignored) {
        return Panache.withSession(() -> Panache.getSession().flatMap(s -> s
                .createNativeQuery(COUNT, Object[].class).getSingleResult()))
                .invoke(r -> {
                    parked.set(((Number) r[0]).longValue());
                    pending.set(((Number) r[1]).longValue());
                })
                .replaceWithVoid();
    }

    private void count(PendingStep step, String outcome) {
        Counter.builder("saga.steps.runs").tag("kind", step.kind()).tag("outcome", outcome)
                .register(registry).increment();
    }
}
