package dev.checkoutsaga.steps;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.checkoutsaga.outbox.PgChannelListener;
import dev.checkoutsaga.outbox.SagaLogContext;
import dev.checkoutsaga.outbox.TraceContexts;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Runs due pending steps outside the Kafka consumer, so a slow or dead third party parks the
 * affected orders instead of blocking every other order behind them.
 *
 * <p>When a step runs: {@link PendingSteps#schedule} notifies the {@value PendingSteps#CHANNEL}
 * channel in the registering transaction, so every replica's worker wakes the moment it commits
 * (never for a rollback). A failed step is rescheduled and a timer wakes the worker when it is due
 * again; after every claim the worker also arms a timer for the earliest step not yet due (a retry
 * of another replica, a lease of a worker that died). {@code saga.steps.poll-interval} is only the
 * safety net for a lost LISTEN connection.
 *
 * <p>Claiming is one statement ({@code update ... where id in (select ... for update skip locked)
 * returning ...}) that bumps {@code attempts} and pushes {@code next_attempt_at} out by the lease:
 * several replicas never run the same step at once, and a step whose worker died becomes due again
 * when its lease ends. At most {@code saga.steps.concurrency} steps run at once, each on its own
 * Vert.x context (its own reactive session) and each from its own claim, so a slow step never eats
 * into another's lease. A failed run is rescheduled with exponential backoff and jitter, or later
 * when the failure carries a {@link RetryAfterHint} (the third party asked us to wait): the next
 * try is then {@code max(backoff, hint)} away, the hint capped by {@code saga.steps.retry-after-max}.
 * When a step that had failed succeeds, the third party is back: the other parked steps of its kind
 * are made due at once ({@code saga.steps.release-parked-on-recovery}), so an outage's backlog does
 * not wait out backoffs of up to {@code saga.steps.retry-max-backoff} after the recovery.
 */
@ApplicationScoped
public class StepWorker {
    private static final Logger LOG = Logger.getLogger(StepWorker.class);

    private static final String CLAIM = "update pending_step set attempts = attempts + 1, parked = false, "
            + "next_attempt_at = now() + make_interval(secs => ?1) "
            + "where id in (select id from pending_step where next_attempt_at <= now() "
            + "order by next_attempt_at limit ?2 for update skip locked) "
            + "returning id, order_id, kind, attempts, trace_parent, trace_state";
    // seconds until the earliest step that is not due yet (null: none)
    private static final String NEXT_DUE = "select extract(epoch from min(next_attempt_at) - now())::float8 "
            + "from pending_step where next_attempt_at > now()";
    private static final String RESCHEDULE = PendingSteps.RESCHEDULE;
    // parked steps of a kind whose third party answered again: due now (leased rows are not parked)
    private static final String RELEASE = "update pending_step set next_attempt_at = now() "
            + "where kind = ?1 and parked and next_attempt_at > now() returning id";
    // parked = failed at least once and waiting for its next try
    private static final String COUNT = "select count(*) filter (where last_error is not null), count(*) from pending_step";

    @Inject
    StepsConfig config;
    @Inject
    Instance<StepHandler> handlerBeans;
    @Inject
    MeterRegistry registry;
    @Inject
    Vertx vertx;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    OpenTelemetry openTelemetry;
    @ConfigProperty(name = "quarkus.application.name", defaultValue = "service")
    String service;

    private final Map<String, StepHandler> handlers = new HashMap<>();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    /** Steps running now (claimed and not yet finished). */
    private final AtomicInteger running = new AtomicInteger();
    /** True while a claim is under way: one at a time per instance. */
    private final AtomicBoolean claiming = new AtomicBoolean();
    /** Set by every wake-up; a claim that was under way claims again when it finds it set. */
    private volatile boolean wokenDuringClaim;
    /** The last claim took every free slot: finished steps must look for more. */
    private volatile boolean saturated;
    private final DueTimer dueTimer = new DueTimer();
    private volatile boolean stopping;
    private Thread listener;

    @PostConstruct
    void init() {
        handlerBeans.forEach(h -> handlers.put(h.kind(), h));
        if (handlers.isEmpty()) {
            return; // a service without steps (it uses SagaEffects only): no step meters that always read 0
        }
        registry.gauge("saga.steps.parked", parked);
        registry.gauge("saga.steps.pending", pending);
        registry.gauge("saga.steps.running", running);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.workerEnabled() || handlers.isEmpty()) {
            return;
        }
        listener = Thread.ofPlatform().name("pending-step-listener").daemon().start(this::listen);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        dueTimer.cancel();
        if (listener != null) {
            listener.interrupt();
        }
    }

    /**
     * Wakes the worker on every commit that registered a step, at least every poll interval, and
     * after every failed attempt to listen (notifications sent meanwhile are lost).
     */
    private void listen() {
        try (PgChannelListener wakeUps = new PgChannelListener(dataSource, PendingSteps.CHANNEL, config.listenRetry())) {
            wake();
            while (!stopping) {
                wakeUps.await(config.pollInterval());
                wake();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Claims and starts due steps now, up to the free slots; safe to call from any thread, as often
     * as one likes: wake-ups during a claim fold into one more claim.
     */
    public void wake() {
        if (stopping || !config.workerEnabled() || handlers.isEmpty()) {
            return;
        }
        wokenDuringClaim = true;
        if (claiming.compareAndSet(false, true)) {
            onOwnContext(this::claimAndStart);
        }
    }

    private Uni<Void> claimAndStart() {
        wokenDuringClaim = false;
        int free = config.concurrency() - running.get();
        if (free <= 0) {
            saturated = true; // a finishing step wakes us
            return claimDone();
        }
        return claim(free)
                .invoke(claimed -> {
                    saturated = claimed.steps().size() == free;
                    claimed.steps().forEach(this::start);
                    if (claimed.nextDue() != null) {
                        dueTimer.arm(claimed.nextDue());
                    }
                })
                .onFailure().invoke(e -> {
                    if (!stopping) {
                        LOG.warnf("claiming pending steps failed (retried on the next wake-up): %s", e.toString());
                    }
                    dueTimer.arm(config.retryInitialBackoff());
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid()
                .onTermination().call(this::claimDone);
    }

    private Uni<Void> claimDone() {
        claiming.set(false);
        if (wokenDuringClaim) {
            wake();
        }
        return Uni.createFrom().voidItem();
    }

    private record Claimed(List<PendingStep> steps, Duration nextDue) {
    }

    private Uni<Claimed> claim(int limit) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s
                .createNativeQuery(CLAIM, Object[].class)
                .setParameter(1, (double) config.lease().toMillis() / 1000)
                .setParameter(2, limit)
                .getResultList()
                .flatMap(rows -> s.createNativeQuery(NEXT_DUE, Double.class).getSingleResultOrNull()
                        .map(seconds -> new Claimed(rows.stream().map(StepWorker::step).toList(),
                                seconds == null ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000)))))));
    }

    /** A claimed row; its trace is the context the step was registered in (the parent of this run's span). */
    private static PendingStep step(Object[] r) {
        return new PendingStep((UUID) r[0], (UUID) r[1], (String) r[2], ((Number) r[3]).intValue(),
                TraceContexts.restore((String) r[4], (String) r[5]));
    }

    /** Runs one claimed step on its own context (own reactive session); frees its slot when done. */
    private void start(PendingStep step) {
        running.incrementAndGet();
        onOwnContext(() -> runOne(step).onTermination().invoke(() -> {
            running.decrementAndGet();
            if (saturated) {
                wake();
            }
        }));
    }

    /**
     * One run of a step in its span: the span is current while the handler runs (its outbound calls
     * join it) and ends with the run, marked as an error when the run failed or timed out; the log
     * lines of the handler and of the retry carry the order's id and the span's trace.
     */
    private Uni<Void> runOne(PendingStep claimed) {
        return Uni.createFrom().deferred(() -> {
            Span span = startSpan(claimed);
            PendingStep step = new PendingStep(claimed.id(), claimed.orderId(), claimed.kind(), claimed.attempts(),
                    claimed.trace().with(span));
            SagaLogContext.enter(step.orderId().toString(), span.getSpanContext());
            return TraceContexts.within(step.trace(), () -> attempt(step, span)).eventually(() -> span.end());
        }).eventually(SagaLogContext::leave);
    }

    /** The span of one run, child of the context the step was registered in (a new trace if none). */
    private Span startSpan(PendingStep step) {
        return openTelemetry.getTracer("dev.checkoutsaga.steps")
                .spanBuilder(service + " step " + step.kind())
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(step.trace())
                .setAttribute("checkout.order_id", step.orderId().toString())
                .setAttribute("checkout.step.kind", step.kind())
                .setAttribute("checkout.step.attempt", step.attempts())
                .startSpan();
    }

    private Uni<Void> attempt(PendingStep step, Span span) {
        StepHandler handler = handlers.get(step.kind());
        // a kind without a handler here (e.g. registered by a newer release) fails the run like any failure
        Uni<Void> run = handler == null
                ? Uni.createFrom().failure(new IllegalStateException("no handler for step kind " + step.kind()))
                : Uni.createFrom().deferred(() -> handler.run(step)).ifNoItem().after(config.runTimeout()).fail();
        return run
                .onFailure().invoke(e -> {
                    span.recordException(e);
                    span.setStatus(StatusCode.ERROR, "retried later");
                })
                .invoke(() -> count(step, "done"))
                .call(() -> step.attempts() > 1 && config.releaseParkedOnRecovery() ? releaseParked(step) : Uni.createFrom().voidItem())
                .onFailure().recoverWithUni(e -> reschedule(step, e));
    }

    /**
     * A step that had failed has just succeeded: its third party answers again, so the other parked
     * steps of its kind need not wait out their backoff. They become due now, and the notification
     * wakes every replica's worker (each claims up to its free slots).
     */
    private Uni<Void> releaseParked(PendingStep recovered) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s
                .createNativeQuery(RELEASE, UUID.class)
                .setParameter(1, recovered.kind())
                .getResultList()
                .call(rows -> rows.isEmpty() ? Uni.createFrom().voidItem()
                        : s.createNativeQuery(PendingSteps.NOTIFY, Integer.class).getSingleResult())))
                .invoke(rows -> {
                    if (!rows.isEmpty()) {
                        registry.counter("saga.steps.released", "kind", recovered.kind()).increment(rows.size());
                        LOG.infof("step %s of order %s succeeded after %d attempts: %d parked %s steps brought forward",
                                recovered.kind(), recovered.orderId(), recovered.attempts(), rows.size(), recovered.kind());
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull(); // they still run when their backoff ends
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
                .invoke(() -> dueTimer.arm(delay))
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

    @Scheduled(every = "${saga.steps.gauge-interval:10s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshGauges() {
        if (stopping || handlers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> Panache.getSession().flatMap(s -> s
                .createNativeQuery(COUNT, Object[].class).getSingleResult()))
                .invoke(r -> {
                    parked.set(((Number) r[0]).longValue());
                    pending.set(((Number) r[1]).longValue());
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private void count(PendingStep step, String outcome) {
        Counter.builder("saga.steps.runs").tag("kind", step.kind()).tag("outcome", outcome)
                .register(registry).increment();
    }

    /**
     * Subscribes to {@code work} on a new duplicated Vert.x context: Hibernate Reactive keeps one
     * session per context, and two steps must never share one.
     */
    private void onOwnContext(Supplier<Uni<Void>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> Uni.createFrom().deferred(work::get).subscribe().with(ok -> {
        }, failure -> LOG.errorf(failure, "pending-step work failed unexpectedly")));
    }

    /** One Vert.x timer that wakes the worker when the earliest known step falls due. */
    private final class DueTimer {
        private long timerId = -1;
        private long dueAtNanos;

        synchronized void arm(Duration in) {
            if (stopping) {
                return;
            }
            Duration bounded = in.compareTo(config.pollInterval()) > 0 ? config.pollInterval() : in;
            long dueAt = System.nanoTime() + bounded.toNanos();
            if (timerId >= 0) {
                if (dueAtNanos - dueAt <= 0) {
                    return; // an earlier wake-up is already set
                }
                vertx.cancelTimer(timerId);
            }
            dueAtNanos = dueAt;
            timerId = vertx.setTimer(Math.max(1, bounded.toMillis() + 1), id -> fired(id));
        }

        private void fired(long id) {
            synchronized (this) {
                if (id != timerId) {
                    return;
                }
                timerId = -1;
            }
            wake();
        }

        synchronized void cancel() {
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
                timerId = -1;
            }
        }
    }
}
