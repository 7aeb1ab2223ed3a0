package dev.checkoutsaga.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The audit judges only a saga at rest, read twice alike; otherwise it says why it cannot judge. */
class AuditorTest {
    private static final Duration POLL = Duration.ofMillis(1);

    private static Activity quiet(long deadLetters) {
        return new Activity("order-service", Map.of("outbox.unpublished", 0L), Map.of("order-service", 0L), deadLetters);
    }

    private static Activity busy() {
        return new Activity("payment-service", Map.of("steps.pending", 2L), Map.of("payment-service", 5L), 0);
    }

    private static Snapshot snapshot(String status) {
        UUID id = UUID.nameUUIDFromBytes(status.getBytes());
        return new Snapshot(List.of(new Snapshot.Order(id, status, 0, "EUR", null)), List.of(), Map.of(), Map.of(), Map.of(),
                Map.of(), List.of());
    }

    /** Answers the scripted activities and snapshots in turn, the last one forever. */
    private static final class Script implements Auditor.Source {
        final Deque<List<Activity>> activities = new ArrayDeque<>();
        final Deque<Snapshot> snapshots = new ArrayDeque<>();
        int snapshotReads;

        @Override
        public List<Activity> activity() {
            return activities.size() > 1 ? activities.poll() : activities.peek();
        }

        @Override
        public Snapshot snapshot() {
            snapshotReads++;
            return snapshots.size() > 1 ? snapshots.poll() : snapshots.peek();
        }
    }

    @Test
    void aSagaThatNeverGetsQuietIsNotJudgedAndTheAnswerSaysWhatMoves() {
        Script s = new Script();
        s.activities.add(List.of(quiet(0), busy()));
        s.snapshots.add(snapshot("PAID")); // would FAIL invariant 1 if judged
        Auditor.Verdict v = new Auditor(s, Duration.ofMillis(50), POLL).run();
        assertFalse(v.judged());
        assertTrue(v.cannotJudge().contains("payment-service: steps.pending=2 lag of payment-service=5"), v.cannotJudge());
        assertEquals(0, s.snapshotReads, "nothing is read while the saga moves");
        assertTrue(v.render().contains("RESULT: CANNOT JUDGE YET"));
    }

    @Test
    void snapshotsThatKeepChangingAreNotJudged() {
        Script s = new Script();
        s.activities.add(List.of(quiet(0)));
        for (int i = 0; i < 1000; i++) {
            s.snapshots.add(snapshot(i % 2 == 0 ? "PAID" : "COMPLETED"));
        }
        Auditor.Verdict v = new Auditor(s, Duration.ofMillis(50), POLL).run();
        assertFalse(v.judged());
        assertTrue(v.cannotJudge().contains("two consecutive snapshots differ"), v.cannotJudge());
    }

    @Test
    void aNewDeadLetterWhileReadingMeansTryAgain() {
        Script s = new Script();
        s.activities.add(List.of(quiet(0)));
        s.activities.add(List.of(quiet(0)));
        s.activities.add(List.of(quiet(1))); // after the second read: a dead letter appeared
        s.snapshots.add(snapshot("COMPLETED"));
        Auditor.Verdict v = new Auditor(s, Duration.ofSeconds(5), POLL).run();
        assertTrue(v.judged(), v.render());
        assertEquals(4, s.snapshotReads, "read twice, then twice again once nothing changed");
    }

    @Test
    void aQuietSagaReadTwiceAlikeIsJudgedEvenWhenItFails() {
        Script s = new Script();
        s.activities.add(List.of(busy()));
        s.activities.add(List.of(quiet(3)));
        s.snapshots.add(snapshot("PAID"));
        Auditor.Verdict v = new Auditor(s, Duration.ofSeconds(5), POLL).run();
        assertTrue(v.judged());
        assertFalse(v.report().passed(), "a stuck order at rest is a FAIL, not a wait");
        assertTrue(v.render().contains("dead letters kept: order-service 3"), v.render());
    }
}
