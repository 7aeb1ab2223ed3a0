package dev.checkoutsaga.audit;

import java.util.List;

/** The audit's verdict: each invariant with pass/fail and its offenders. */
public record AuditReport(List<InvariantResult> results) {

    public boolean passed() {
        return results.stream().noneMatch(InvariantResult::failed);
    }

    public static AuditReport of(Snapshot snapshot) {
        return new AuditReport(Invariants.check(snapshot));
    }

    /** A human-readable report, one block per invariant, offenders listed (at most 50 each). */
    public String render() {
        StringBuilder sb = new StringBuilder("Checkout Saga consistency audit\n");
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
