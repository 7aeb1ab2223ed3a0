package dev.checkoutsaga.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What one rate of the ladder measured. Rates are per second of the measured window; latencies in
 * milliseconds; a saga latency of {@link #UNFINISHED} stands for an order that did not finish
 * within the drain time (it counts in the percentiles as longer than anything else).
 */
record StepResult(
        int rate,
        double seconds,
        long offered,
        double offeredPerSecond,
        long accepted,
        double acceptedPerSecond,
        Map<String, Long> statusCounts,
        long client4xx,
        long server5xx,
        long connectionErrors,
        long completedInWindow,
        double completedPerSecond,
        Map<String, Long> outcomes,
        long unfinished,
        Percentiles post,
        Percentiles saga,
        Map<String, Double> cpuSeconds,
        Map<String, Double> cpuSecondsPerSaga,
        Map<String, Long> memoryKb,
        Backlog.Snapshot backlogAtEnd,
        double drainSeconds,
        boolean sustainable,
        String verdict,
        String gatlingReport,
        Map<String, String> profiles) {

    static final long UNFINISHED = Long.MAX_VALUE;

    record Percentiles(long count, long p50, long p95, long p99, long max) {
        static Percentiles of(List<Long> values) {
            if (values.isEmpty()) {
                return new Percentiles(0, -1, -1, -1, -1);
            }
            List<Long> v = new ArrayList<>(values);
            Collections.sort(v);
            return new Percentiles(v.size(), at(v, 50), at(v, 95), at(v, 99), v.get(v.size() - 1));
        }

        /** Nearest rank. */
        private static long at(List<Long> sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.size());
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
        }
    }
}
