package dev.checkoutsaga.audit;

import java.util.List;

/** The audit's verdict: each invariant with pass/fail and its offenders, and each service's activity when read. */
public record AuditReport(List<InvariantResult> results, List<Activity> activity) {

    public boolean passed() {
        return results.stream().noneMatch(InvariantResult::failed);
    }

    public static AuditReport of(Snapshot snapshot) {
        return of(snapshot, List.of());
    }

    public static AuditReport of(Snapshot snapshot, List<Activity> activity) {
        return new AuditReport(Invariants.check(snapshot), activity);
    }

    /** A human-readable report, one block per invariant, offenders listed (at most 50 each). */
    public String render() {
        StringBuilder sb = new StringBuilder("Checkout Saga consistency audit\n");
        if (!activity.isEmpty()) {
            sb.append("  quiet: no unpublished outbox row, pending step or consumer lag; dead letters kept: ");
            sb.append(String.join(", ", activity.stream().map(a -> a.service() + " " + a.deadLetters()).toList()));
            sb.append('\n');
        }
        for (InvariantResult r : results) {
            sb.append(String.format("  [%-7s] %s. %s (%s)%n", r.status(), r.id(), r.title(), r.summary()));
            r.offenders().stream().limit(50).forEach(o -> sb.append("            - ").append(o).append('\n'));
            if (r.offenders().size() > 50) {
                sb.append("            ... and ").append(r.offenders().size() - 50).append(" more\n");
            }
        }
        sb.append(passed() ? "RESULT: PASS\n" : "RESULT: FAIL\n");
        return sb.toString();
    }
}
