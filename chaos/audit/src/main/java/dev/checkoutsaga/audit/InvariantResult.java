package dev.checkoutsaga.audit;

import java.util.List;

/** One invariant of docs/design.md section 3: passed, or the offending orders/SKUs with what is wrong. */
public record InvariantResult(String id, String title, Status status, String summary, List<String> offenders) {

    public enum Status {
        PASS, FAIL, SKIPPED
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
