package dev.checkoutsaga.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

/** When the worker tries a failed step again (no Quarkus needed). */
class RetryDelayTest {
    private static final Duration CAP = Duration.ofMinutes(10);

    static class RateLimited extends RuntimeException implements RetryAfterHint {
        private final Duration retryAfter;

        RateLimited(Duration retryAfter) {
            super("429");
            this.retryAfter = retryAfter;
        }

        @Override
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    @Test
    void withoutAHintTheStepWaitsItsOwnBackoff() {
        assertEquals(Duration.ofMillis(800), StepWorker.delay(Duration.ofMillis(800), null, CAP));
        assertEquals(Duration.ofMillis(800), StepWorker.delay(Duration.ofMillis(800), Duration.ZERO, CAP));
        assertEquals(Duration.ofMillis(800), StepWorker.delay(Duration.ofMillis(800), Duration.ofSeconds(-5), CAP));
    }

    @Test
    void aLongerHintWinsOverTheBackoff() {
        assertEquals(Duration.ofSeconds(30), StepWorker.delay(Duration.ofSeconds(1), Duration.ofSeconds(30), CAP));
    }

    @Test
    void aShorterHintNeverShortensTheBackoff() {
        assertEquals(Duration.ofSeconds(40), StepWorker.delay(Duration.ofSeconds(40), Duration.ofSeconds(2), CAP));
    }

    @Test
    void aHostileHintIsCappedByRetryAfterMaxButNeverBelowTheBackoff() {
        assertEquals(CAP, StepWorker.delay(Duration.ofSeconds(1), Duration.ofDays(3), CAP));
        assertEquals(CAP, StepWorker.delay(Duration.ofSeconds(1), Duration.ofSeconds(Long.MAX_VALUE), CAP));
        assertEquals(Duration.ofMinutes(20),
                StepWorker.delay(Duration.ofMinutes(20), Duration.ofDays(3), CAP), "cap below the backoff");
    }

    @Test
    void theHintIsFoundAnywhereInTheCauseChain() {
        RateLimited limited = new RateLimited(Duration.ofSeconds(3));
        assertEquals(Duration.ofSeconds(3), RetryAfterHint.of(limited));
        assertEquals(Duration.ofSeconds(3),
                RetryAfterHint.of(new CompletionException(new IllegalStateException("wrapped", limited))));
        assertNull(RetryAfterHint.of(new IllegalStateException("plain")));
        assertNull(RetryAfterHint.of(new RateLimited(null)), "a 429 without Retry-After");
        assertNull(RetryAfterHint.of(null));
    }

    @Test
    void aCyclicCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertNull(RetryAfterHint.of(a));
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-11-29T21:00:00Z");
        assertEquals(Duration.ofSeconds(120), RetryAfterHint.parse("120", now));
        assertEquals(Duration.ofSeconds(7), RetryAfterHint.parse(" 7 ", now));
        assertEquals(Duration.ofSeconds(90), RetryAfterHint.parse("Sun, 29 Nov 2026 21:01:30 GMT", now));
        assertNull(RetryAfterHint.parse("Sun, 29 Nov 2026 20:59:00 GMT", now), "already past");
        assertEquals(Duration.ofSeconds(Long.MAX_VALUE), RetryAfterHint.parse("99999999999999999999999", now),
                "absurdly large: left to the cap");
        assertNull(RetryAfterHint.parse(null, now));
        assertNull(RetryAfterHint.parse("", now));
        assertNull(RetryAfterHint.parse("-5", now));
        assertNull(RetryAfterHint.parse("soon", now));
    }
}
