package dev.checkoutsaga.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scenario's result, as `chaos` prints it and docs/chaos-results.md keeps it. "Failed" is every
 * answer but 202; "refused" a connection nobody accepted (the killed instance), "timeout" a POST
 * without an answer within --request-timeout (a hang).
 */
record ChaosRow(String scenario, long requests, Map<String, Long> failedByStatus, long deferred, long p95DuringFaultMs,
        long accepted, long terminalInTime, long terminal, long slowestAfterHealMs, String audit, List<String> offenders, String notes) {

    /**
     * "terminal" cell: accepted orders whose saga ended within the bar after healing (or after being
     * placed, if later), and when the last one ended, relative to the same instant.
     */
    static final String HEADER = "| scenario | requests | failed (by status) | p95 POST during fault | accepted (deferred) "
            + "| terminal <= 30 s after healing | audit | verdict |\n|---|---:|---|---:|---:|---:|---|---|\n";

    /** Breaches of the lab's bar: audit PASS, every accepted order terminal in time, no 5xx but 503, no hang. */
    List<String> breaches(boolean refusedAllowed) {
        List<String> out = new ArrayList<>(offenders);
        if (!"PASS".equals(audit)) {
            out.add("audit " + audit);
        }
        if (terminalInTime < accepted) {
            out.add((accepted - terminalInTime) + " accepted order(s) not terminal in time (" + (accepted - terminal)
                    + " not terminal at all)");
        }
        failedByStatus.forEach((status, n) -> {
            if (status.equals("timeout")) {
                out.add(n + " POST(s) hung");
            } else if (status.equals("refused") && !refusedAllowed) {
                out.add(n + " POST(s) refused");
            } else if (status.startsWith("5") && !status.equals("503")) {
                out.add(n + " POST(s) answered " + status);
            } else if (status.endsWith("without Retry-After")) {
                out.add(n + " POST(s) " + status);
            }
        });
        return out;
    }

    String markdown(boolean refusedAllowed) {
        List<String> breaches = breaches(refusedAllowed);
        return String.format("| %s | %d | %s | %s | %d (%d) | %d / %d%s | %s | %s |%n", scenario, requests, failed(),
                p95DuringFaultMs < 0 ? "-" : p95DuringFaultMs + " ms", accepted, deferred, terminalInTime, accepted,
                slowestAfterHealMs < 0 ? "" : String.format(" (last %+.0f s)", slowestAfterHealMs / 1000.0), audit,
                breaches.isEmpty() ? "ok" : "**" + String.join("; ", breaches).replace("|", "\\|") + "**");
    }

    private String failed() {
        long failed = failedByStatus.values().stream().mapToLong(Long::longValue).sum();
        if (failed == 0) {
            return "0 %";
        }
        StringBuilder sb = new StringBuilder(String.format("%.2f %%:", 100.0 * failed / Math.max(1, requests)));
        new TreeMap<>(failedByStatus).forEach((status, n) -> sb.append(String.format(" %s %.2f %%", status, 100.0 * n / requests)));
        return sb.toString();
    }
}
