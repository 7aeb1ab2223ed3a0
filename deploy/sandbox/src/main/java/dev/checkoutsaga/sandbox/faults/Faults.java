package dev.checkoutsaga.sandbox.faults;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The fault controls' state: the settings of every endpoint (defaults from
 * {@code sandbox.faults.<endpoint>.*}, changed at runtime through {@code /v1/admin/faults}) and
 * per-endpoint counters of the requests that reached the sandbox and of the faults injected, so a
 * test can prove that a call did (or did not) reach the third party.
 */
@ApplicationScoped
public class Faults {
    private static final Logger LOG = Logger.getLogger(Faults.class);

    /** What the filter does with one request (latency first, then the action). */
    public record Decision(Duration latency, Action action, FaultSettings settings) {
    }

    public enum Action {
        PASS, ERROR, HANG, RESET, CHARGE_THEN_DROP
    }

    /** What {@code GET /v1/admin/faults} shows per endpoint. */
    public record EndpointState(FaultSettings settings, long requests, long faulted, Long remaining) {
    }

    private static final class Counters {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong faulted = new AtomicLong();
        /** How many more requests the error/mode hits; negative = unlimited. */
        final AtomicLong remaining = new AtomicLong(-1);
    }

    @Inject
    Config config;
    @Inject
    MeterRegistry registry;

    private final Map<FaultEndpoint, AtomicReference<FaultSettings>> settings = new EnumMap<>(FaultEndpoint.class);
    private final Map<FaultEndpoint, Counters> counters = new EnumMap<>(FaultEndpoint.class);
    private Duration hangMax;

    @PostConstruct
    void init() {
        hangMax = config.getOptionalValue("sandbox.faults.hang-max", Duration.class).orElse(Duration.ofMinutes(5));
        for (FaultEndpoint e : FaultEndpoint.values()) {
            FaultSettings s = configured(e);
            settings.put(e, new AtomicReference<>(s));
            counters.put(e, new Counters());
            counters.get(e).remaining.set(s.times() == null ? -1 : s.times());
        }
    }

    private FaultSettings configured(FaultEndpoint e) {
        String p = "sandbox.faults." + e.id() + ".";
        FaultSettings s = new FaultSettings(
                config.getOptionalValue(p + "latency", Duration.class).map(Duration::toMillis).orElse(0L),
                config.getOptionalValue(p + "latency-jitter", Duration.class).map(Duration::toMillis).orElse(0L),
                config.getOptionalValue(p + "error-rate", Double.class).orElse(0.0),
                config.getOptionalValue(p + "error-status", Integer.class).orElse(503),
                config.getOptionalValue(p + "retry-after", Integer.class).orElse(1),
                config.getOptionalValue(p + "mode", String.class).orElse("none"),
                config.getOptionalValue(p + "mode-rate", Double.class).orElse(1.0),
                config.getOptionalValue(p + "times", Long.class).orElse(null)).validated(e);
        if (!s.equals(FaultSettings.healthy())) {
            LOG.warnf("sandbox faults configured for %s: %s", e.id(), s);
        }
        return s;
    }

    /** Counts the request and decides what it meets. */
    public Decision decide(FaultEndpoint endpoint) {
        counters.get(endpoint).requests.incrementAndGet();
        FaultSettings s = settings.get(endpoint).get();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long latency = s.latencyMs() + (s.latencyJitterMs() > 0 ? random.nextLong(s.latencyJitterMs() + 1) : 0);
        Action action = Action.PASS;
        FaultSettings.Mode mode = s.modeValue();
        if (mode != FaultSettings.Mode.NONE && hit(random, s.modeRate())) {
            action = switch (mode) {
                case HANG -> Action.HANG;
                case RESET -> Action.RESET;
                case CHARGE_THEN_DROP -> Action.CHARGE_THEN_DROP;
                case NONE -> Action.PASS;
            };
        } else if (hit(random, s.errorRate())) {
            action = Action.ERROR;
        }
        if (action != Action.PASS && !take(counters.get(endpoint).remaining)) {
            action = Action.PASS;
        }
        if (action != Action.PASS) {
            counters.get(endpoint).faulted.incrementAndGet();
            registry.counter("sandbox.faults.injected", "endpoint", endpoint.id(), "fault",
                    action == Action.ERROR ? String.valueOf(s.errorStatus()) : action.name().toLowerCase()).increment();
        }
        return new Decision(Duration.ofMillis(latency), action, s);
    }

    /** Takes one of the remaining faulted requests; true when unlimited. */
    private static boolean take(AtomicLong remaining) {
        while (true) {
            long r = remaining.get();
            if (r < 0) {
                return true;
            }
            if (r == 0) {
                return false;
            }
            if (remaining.compareAndSet(r, r - 1)) {
                return true;
            }
        }
    }

    private static boolean hit(ThreadLocalRandom random, double rate) {
        return rate >= 1 || (rate > 0 && random.nextDouble() < rate);
    }

    public FaultSettings set(FaultEndpoint endpoint, FaultSettings s) {
        FaultSettings valid = s.validated(endpoint);
        synchronized (this) {
            settings.get(endpoint).set(valid);
            counters.get(endpoint).remaining.set(valid.times() == null ? -1 : valid.times());
        }
        LOG.infof("sandbox faults of %s set to %s", endpoint.id(), valid);
        return valid;
    }

    /** Every endpoint healthy again (not the configured defaults: healthy) and every counter at 0. */
    public void reset() {
        for (FaultEndpoint e : FaultEndpoint.values()) {
            settings.get(e).set(FaultSettings.healthy());
            counters.get(e).requests.set(0);
            counters.get(e).faulted.set(0);
            counters.get(e).remaining.set(-1);
        }
        LOG.info("sandbox faults reset: every endpoint healthy");
    }

    public EndpointState state(FaultEndpoint e) {
        Counters c = counters.get(e);
        long r = c.remaining.get();
        return new EndpointState(settings.get(e).get(), c.requests.get(), c.faulted.get(), r < 0 ? null : r);
    }

    public Map<String, EndpointState> states() {
        Map<String, EndpointState> all = new LinkedHashMap<>();
        for (FaultEndpoint e : FaultEndpoint.values()) {
            all.put(e.id(), state(e));
        }
        return all;
    }

    /** How long a hang holds a request at most before the connection is closed. */
    public Duration hangMax() {
        return hangMax;
    }
}
