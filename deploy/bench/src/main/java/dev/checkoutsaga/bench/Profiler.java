package dev.checkoutsaga.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR profiles of the services (jcmd &lt;pid&gt; JFR.start, settings=profile, fixed duration), and a
 * short text summary of each: the hottest methods by execution samples (top frame), samples by
 * library (package prefix of the top frame), and GC pause time.
 */
final class Profiler {

    private final Path jcmd;

    Profiler() {
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    /** Starts a recording of {@code duration} in every service; returns the files being written. */
    Map<String, Path> start(Processes processes, Duration duration, Path dir, String label) throws Exception {
        Files.createDirectories(dir);
        Map<String, Path> files = new LinkedHashMap<>();
        for (String service : Processes.SERVICES) {
            List<Long> pids = processes.pids(service);
            for (int i = 0; i < pids.size(); i++) {
                long pid = pids.get(i);
                String name = pids.size() == 1 ? service : service + "-" + (i + 1);
                Path file = dir.resolve(name + "-" + label + ".jfr");
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "JFR.start", "name=bench-" + label,
                        "settings=profile", "duration=" + duration.toSeconds() + "s", "filename=" + file)
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0 || out.contains("Could not") || out.contains("error")) {
                    System.err.println("WARNING: jcmd JFR.start on " + name + " (" + pid + "): " + out.strip());
                } else {
                    files.put(name, file);
                }
            }
        }
        return files;
    }

    /** Waits until every recording has been written (JFR writes the file when the duration ends). */
    static void awaitFiles(Map<String, Path> files, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Path f : files.values()) {
            while (!(Files.exists(f) && sizeStable(f)) && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
        }
    }

    private static boolean sizeStable(Path f) throws InterruptedException {
        try {
            long a = Files.size(f);
            Thread.sleep(300);
            return a > 0 && a == Files.size(f);
        } catch (IOException e) {
            return false;
        }
    }

    /** Markdown summary of one recording. */
    static String summarize(String service, Path file) {
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> libraries = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        double gcPauseMs = 0;
        int gcs = 0;
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("jdk.ExecutionSample")) {
                    RecordedStackTrace st = e.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    RecordedFrame top = st.getFrames().get(0);
                    String cls = top.getMethod().getType().getName();
                    methods.merge(cls + "." + top.getMethod().getName(), 1, Integer::sum);
                    libraries.merge(library(st), 1, Integer::sum);
                    if (e.getThread("sampledThread") != null) {
                        threads.merge(threadGroup(e.getThread("sampledThread").getJavaName()), 1, Integer::sum);
                    }
                } else if (type.equals("jdk.GarbageCollection")) {
                    gcs++;
                    gcPauseMs += e.getDouble("sumOfPauses") / 1_000_000.0;
                }
            }
        } catch (Exception ex) {
            return "### " + service + "\n\n(could not read " + file + ": " + ex + ")\n";
        }
        StringBuilder b = new StringBuilder("### " + service + "\n\n");
        b.append(samples).append(" execution samples; ").append(gcs).append(" GCs, ")
                .append(String.format("%.0f", gcPauseMs)).append(" ms of pauses in total. File: `").append(file.getFileName()).append("`\n\n");
        b.append("| where the thread was (first frame outside the JDK) | samples | share |\n|---|---:|---:|\n");
        top(libraries, 12).forEach(e -> b.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" | ")
                .append(pct(e.getValue(), total(libraries))).append(" |\n"));
        b.append("\n| hottest methods (top frame) | samples | share |\n|---|---:|---:|\n");
        top(methods, 15).forEach(e -> b.append("| `").append(e.getKey()).append("` | ").append(e.getValue()).append(" | ")
                .append(pct(e.getValue(), total(methods))).append(" |\n"));
        b.append("\n| threads | samples | share |\n|---|---:|---:|\n");
        top(threads, 10).forEach(e -> b.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" | ")
                .append(pct(e.getValue(), total(threads))).append(" |\n"));
        return b.append('\n').toString();
    }

    /** The first frame that is not JDK code, reduced to a library name (package prefix). */
    private static String library(RecordedStackTrace st) {
        for (RecordedFrame f : st.getFrames()) {
            String cls = f.getMethod().getType().getName();
            if (cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.") || cls.startsWith("javax.")) {
                continue;
            }
            String[] parts = cls.split("\\.");
            int depth = cls.startsWith("dev.checkoutsaga.") || cls.startsWith("org.apache.") || cls.startsWith("com.fasterxml.") ? 3
                    : cls.startsWith("io.") || cls.startsWith("org.") || cls.startsWith("com.") ? 2 : 1;
            int keep = Math.min(depth, parts.length - 1);
            return String.join(".", java.util.Arrays.copyOf(parts, Math.max(1, keep)));
        }
        return "JDK only (" + st.getFrames().get(0).getMethod().getType().getName().replaceAll("\\.[^.]*$", "") + ")";
    }

    private static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N");
    }

    private static int total(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String pct(int v, int total) {
        return total == 0 ? "-" : String.format("%.1f %%", 100.0 * v / total);
    }

    private static List<Map.Entry<String, Integer>> top(Map<String, Integer> m, int n) {
        List<Map.Entry<String, Integer>> l = new ArrayList<>(m.entrySet());
        l.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        return l.subList(0, Math.min(n, l.size()));
    }
}
