package dev.checkoutsaga.audit;

import java.util.List;
import java.util.Map;

/**
 * One service's {@code GET /saga/activity}: work it has accepted and not finished (unpublished outbox
 * rows, pending steps), events its consumer groups have not committed, and its dead letters.
 */
public record Activity(String service, Map<String, Long> work, Map<String, Long> consumerLag, long deadLetters) {

    public boolean quiet() {
        return work.values().stream().allMatch(n -> n == 0) && consumerLag.values().stream().allMatch(n -> n == 0);
    }

    /** What is still moving, e.g. {@code payment-service: steps.pending=2, lag of payment-service=5}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(service).append(':');
        work.forEach((k, v) -> {
            if (v != 0) {
                sb.append(' ').append(k).append('=').append(v);
            }
        });
        consumerLag.forEach((k, v) -> {
            if (v != 0) {
                sb.append(" lag of ").append(k).append('=').append(v);
            }
        });
        return sb.toString();
    }

    public static boolean allQuiet(List<Activity> services) {
        return services.stream().allMatch(Activity::quiet);
    }

    public static long deadLetters(List<Activity> services) {
        return services.stream().mapToLong(Activity::deadLetters).sum();
    }

    /** The services that are not quiet, described; empty when all are. */
    public static String moving(List<Activity> services) {
        return String.join("; ", services.stream().filter(a -> !a.quiet()).map(Activity::describe).toList());
    }
}
