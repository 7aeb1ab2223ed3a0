package dev.checkoutsaga.audit;

import java.time.Duration;
import java.util.List;

/**
 * Judges only a saga at rest. It waits (at most {@code quietTimeout}) until every service is quiet
 * (no unpublished outbox row, no pending step, no consumer lag), then reads the snapshot twice, with
 * the activity read before, between and after: the verdict is given on that snapshot only if both
 * reads agree, every service stayed quiet and no dead letter appeared. Otherwise it tries again, and
 * past the timeout it says why it cannot judge. So a saga in motion never yields a FAIL that is only
 * a read taken mid-flight.
 */
public final class Auditor {

    /** Where the audit reads (the services' APIs; a fake in unit tests). */
    public interface Source {
        List<Activity> activity();

        Snapshot snapshot();
    }

    /** The outcome: a report (PASS or FAIL), or why the audit cannot judge yet. */
    public record Verdict(AuditReport report, String cannotJudge) {

        public boolean judged() {
            return report != null;
        }

        /** The text to print: the report, or the reason. */
        public String render() {
            return judged() ? report.render() : "Checkout Saga consistency audit\nRESULT: CANNOT JUDGE YET: " + cannotJudge + "\n";
        }
    }

    private final Source source;
    private final Duration quietTimeout;
    private final Duration poll;

    public Auditor(Source source, Duration quietTimeout, Duration poll) {
        this.source = source;
        this.quietTimeout = quietTimeout;
        this.poll = poll;
    }

    public Verdict run() {
        long deadline = System.nanoTime() + quietTimeout.toNanos();
        String why;
        while (true) {
            List<Activity> before = source.activity();
            if (!Activity.allQuiet(before)) {
                why = "the saga is still moving: " + Activity.moving(before);
            } else {
                Snapshot first = source.snapshot();
                List<Activity> between = source.activity();
                Snapshot second = source.snapshot();
                List<Activity> after = source.activity();
                if (!Activity.allQuiet(between) || !Activity.allQuiet(after)) {
                    why = "the saga moved while it was read: " + Activity.moving(Activity.allQuiet(between) ? after : between);
                } else if (Activity.deadLetters(after) != Activity.deadLetters(before)) {
                    why = "new dead letters while it was read (" + Activity.deadLetters(before) + " -> "
                            + Activity.deadLetters(after) + ")";
                } else if (!first.equals(second)) {
                    why = "two consecutive snapshots differ (orders, stock or payments changed between the reads)";
                } else {
                    return new Verdict(AuditReport.of(second, after), null);
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return new Verdict(null, why + " (waited " + quietTimeout.toSeconds() + " s; --quiet-timeout)");
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Verdict(null, "interrupted: " + why);
            }
        }
    }
}
