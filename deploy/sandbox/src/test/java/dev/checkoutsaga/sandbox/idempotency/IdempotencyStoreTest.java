package dev.checkoutsaga.sandbox.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.web.ProblemException;

/** The store's rules without Quarkus: in-flight waiting, expiry, release on failure. */
class IdempotencyStoreTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();
    final IdempotencyStore store = new IdempotencyStore(clock, Duration.ofHours(24), Duration.ofSeconds(10));
    final AtomicInteger executions = new AtomicInteger();

    StoredReply reply(int status) {
        executions.incrementAndGet();
        return new StoredReply(status, "application/json", ("{\"n\":" + executions.get() + "}").getBytes());
    }

    @Test
    void aRepeatWhileTheFirstIsInFlightWaitsAndReplaysItsAnswer() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<IdempotencyStore.Result> first = CompletableFuture.supplyAsync(() -> store.execute("/p", "k", "f", () -> {
            started.countDown();
            await(release);
            return reply(201);
        }));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        CompletableFuture<IdempotencyStore.Result> second = CompletableFuture.supplyAsync(() -> store.execute("/p", "k", "f", () -> reply(500)));
        Thread.sleep(100); // give the repeat time to start waiting (not an assertion on timing)
        assertFalse(second.isDone(), "the repeat waits for the first");
        release.countDown();

        assertFalse(first.get(5, TimeUnit.SECONDS).replayed());
        IdempotencyStore.Result replay = second.get(5, TimeUnit.SECONDS);
        assertTrue(replay.replayed());
        assertSame(first.get().reply(), replay.reply());
        assertEquals(1, executions.get());
    }

    @Test
    void aRepeatThatWaitsLongerThanTheWaitTimeoutGets409InUse() throws Exception {
        IdempotencyStore impatient = new IdempotencyStore(clock, Duration.ofHours(24), Duration.ofMillis(50));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<IdempotencyStore.Result> first = CompletableFuture.supplyAsync(() -> impatient.execute("/p", "k", "f", () -> {
            started.countDown();
            await(release);
            return reply(201);
        }));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        ProblemException e = assertThrows(ProblemException.class, () -> impatient.execute("/p", "k", "f", () -> reply(201)));
        assertEquals(409, e.problem().status());
        release.countDown();
        first.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFailedFirstAttemptStoresNothingAndReleasesTheKey() {
        assertThrows(IllegalStateException.class, () -> store.execute("/p", "k", "f", () -> {
            throw new IllegalStateException("boom");
        }));
        IdempotencyStore.Result retry = store.execute("/p", "k", "other-body-is-fine-now", () -> reply(201));
        assertFalse(retry.replayed());
        assertTrue(store.execute("/p", "k", "other-body-is-fine-now", () -> reply(500)).replayed());
        assertEquals(1, executions.get());
    }

    @Test
    void aStoredAnswerExpiresAfterTheTtlAndTheKeyExecutesAgain() {
        store.execute("/p", "k", "f", () -> reply(201));
        clock.now = clock.now.plus(Duration.ofHours(23));
        assertTrue(store.execute("/p", "k", "f", () -> reply(201)).replayed());
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertFalse(store.execute("/p", "k", "f", () -> reply(201)).replayed());
        assertEquals(2, executions.get());
    }

    @Test
    void expiredKeysAreSweptWhenNewKeysArrive() {
        for (int i = 0; i < 10; i++) {
            String key = "k" + i;
            store.execute("/p", key, "f", () -> reply(201));
        }
        clock.now = clock.now.plus(Duration.ofDays(2));
        store.execute("/p", "fresh", "f", () -> reply(201));
        assertEquals(1, store.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
