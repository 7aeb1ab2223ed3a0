package dev.checkoutsaga.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void pausesDoubleAfterEachFailureUpToTheMaximumAndStartOverAfterASuccess() {
        RetryBackoff b = new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(3), 0, () -> 0.5);
        List<Long> pauses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pauses.add(b.afterFailure().toMillis());
        }
        assertEquals(List.of(500L, 1000L, 2000L, 3000L, 3000L, 3000L), pauses);
        b.reset();
        assertEquals(Duration.ofMillis(500), b.afterFailure(), "a success starts the sequence over");
    }

    @Test
    void jitterSpreadsEachPauseWithinItsShareSoReplicasDoNotRetryTogether() {
        RetryBackoff low = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 0.2, () -> 0.0);
        RetryBackoff high = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 0.2, () -> 0.75);
        assertEquals(800, low.afterFailure().toMillis());
        assertEquals(1100, high.afterFailure().toMillis());
        RetryBackoff real = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 0.2);
        for (int i = 0; i < 100; i++) {
            long ms = real.afterFailure().toMillis();
            assertTrue(ms >= 800 && ms <= 8 * 1200, "within the jitter of the capped base: " + ms);
        }
    }

    @Test
    void nonsenseBoundsAreRefusedAtStartRatherThanSpinningOrSleepingForever() {
        assertThrows(IllegalArgumentException.class, () -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1), 0.2));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.2));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.0));
    }
}
