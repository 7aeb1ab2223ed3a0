package dev.checkoutsaga.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class RequestBudgetTest {

    @Test
    void theHeaderIsMillisecondsCappedAtTenMinutesAndAnythingElseIsA400NamingIt() {
        assertEquals(OptionalLong.empty(), RequestBudget.parse(null));
        assertEquals(OptionalLong.of(1500), RequestBudget.parse(" 1500 "));
        assertEquals(OptionalLong.of(600_000), RequestBudget.parse("86400000"));
        for (String bad : new String[] { "-1", "1.5", "soon", "99999999999999999999" }) {
            ProblemException e = assertThrows(ProblemException.class, () -> RequestBudget.parse(bad), bad);
            assertEquals(400, e.problem().status());
            assertEquals(RequestBudget.HEADER, e.problem().errors().get(0).field());
        }
    }

    @Test
    void aSpentBudgetFailsWith503WithoutStartingTheWork() {
        AtomicBoolean started = new AtomicBoolean();
        Uni<String> work = Uni.createFrom().item(() -> {
            started.set(true);
            return "done";
        });
        ProblemException e = assertInstanceOf(ProblemException.class,
                assertThrows(RuntimeException.class, () -> RequestBudget.bound("0", work).await().indefinitely()));
        assertEquals(503, e.problem().status());
        assertFalse(started.get(), "nothing was done");
    }

    @Test
    void workThatOutlastsTheBudgetIsCancelledAndAnswers503() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Uni<String> never = Uni.createFrom().<String> nothing().onCancellation().invoke(() -> cancelled.set(true));
        ProblemException e = assertInstanceOf(ProblemException.class, assertThrows(RuntimeException.class,
                () -> RequestBudget.bound("50", never).await().atMost(Duration.ofSeconds(10))));
        assertEquals(503, e.problem().status());
        assertTrue(e.problem().detail().contains("50 ms"), e.problem().detail());
        assertTrue(cancelled.get(), "the work was cancelled");
    }

    @Test
    void withoutTheHeaderOrWithinTheBudgetTheWorkAnswersAsItWould() {
        assertEquals("done", RequestBudget.bound(null, Uni.createFrom().item("done")).await().indefinitely());
        assertEquals("done", RequestBudget.bound("5000", Uni.createFrom().item("done")).await().indefinitely());
    }
}
