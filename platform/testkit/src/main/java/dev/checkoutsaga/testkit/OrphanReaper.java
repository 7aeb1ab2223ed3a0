package dev.checkoutsaga.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cleans up after test JVMs that died without running their shutdown hooks (kill -9, OOM, a
 * crashed IDE run).
 *
 * <p>Every test JVM keeps all of its state under {@code <base>/jvm-<pid>/} and records the pids of
 * the native servers it started (postgres postmaster, redis-server) in {@code pids/<name>.pid}.
 * Those servers are not children that die with the JVM (pg_ctl daemonizes postgres; redis-server
 * simply outlives its parent), so the next JVM that starts the testkit looks at the sibling
 * {@code jvm-*} directories: if the owner pid is gone, it kills the recorded processes and their
 * descendants and deletes the directory.
 */
public final class OrphanReaper {

    static final String JVM_DIR_PREFIX = "jvm-";
    private static final String REAPED_PREFIX = "reaped-";
    private static final String PID_DIR = "pids";

    private OrphanReaper() {
    }

    /** The default base directory: {@code ${java.io.tmpdir}/checkout-testkit}. */
    public static Path defaultBaseDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "checkout-testkit");
    }

    /** The state directory of the current JVM under {@code baseDir}. */
    public static Path jvmDir(Path baseDir) {
        return baseDir.resolve(JVM_DIR_PREFIX + ProcessHandle.current().pid());
    }

    /**
     * Records a child process so that it can be reaped if this JVM dies. The start instant is
     * recorded too, so a recycled pid that now belongs to an unrelated process is left alone.
     */
    public static void recordProcess(Path jvmDir, String name, long pid) {
        try {
            Path dir = Files.createDirectories(jvmDir.resolve(PID_DIR));
            String start = ProcessHandle.of(pid)
                    .flatMap(p -> p.info().startInstant())
                    .map(i -> Long.toString(i.toEpochMilli()))
                    .orElse("-");
            Path tmp = dir.resolve(name + ".pid.tmp");
            Files.writeString(tmp, pid + " " + start + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name + ".pid"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not record pid of " + name, e);
        }
    }

    /** Forgets a child process that was stopped normally. */
    public static void forgetProcess(Path jvmDir, String name) {
        try {
            Files.deleteIfExists(jvmDir.resolve(PID_DIR).resolve(name + ".pid"));
        } catch (IOException e) {
            // harmless: a stale record only points to a dead or unrelated process
        }
    }

    /**
     * Reaps the directories of dead JVMs under {@code baseDir}. Returns how many directories were
     * removed. Directories of live JVMs (including the current one) are never touched.
     */
    public static int reap(Path baseDir) {
        if (!Files.isDirectory(baseDir)) {
            return 0;
        }
        long me = ProcessHandle.current().pid();
        int reaped = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(baseDir)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                long[] pids = parsePids(name);
                if (pids == null) {
                    continue;
                }
                // jvm-<owner>: orphaned when the owner is gone.
                // reaped-<owner>-<reaper>: claimed by a reaper; orphaned again if that one died.
                long guardian = name.startsWith(JVM_DIR_PREFIX) ? pids[0] : pids[1];
                if (ProcessHandle.of(guardian).isPresent()) {
                    continue;
                }
                // Several JVMs may start at once (parallel module builds): whoever renames the
                // directory first owns the clean-up, the others skip it.
                Path claimed = baseDir.resolve(REAPED_PREFIX + pids[0] + "-" + me);
                try {
                    Files.move(dir, claimed, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    continue;
                }
                killRecordedProcesses(claimed);
                deleteRecursively(claimed);
                reaped++;
            }
        } catch (IOException | RuntimeException e) {
            // best effort: never fail a test run because of somebody else's leftovers
        }
        return reaped;
    }

    /** {@code [owner]} for jvm-owner, {@code [owner, reaper]} for reaped-owner-reaper, else null. */
    private static long[] parsePids(String name) {
        try {
            if (name.startsWith(JVM_DIR_PREFIX)) {
                return new long[] { Long.parseLong(name.substring(JVM_DIR_PREFIX.length())) };
            }
            if (name.startsWith(REAPED_PREFIX)) {
                String[] parts = name.substring(REAPED_PREFIX.length()).split("-");
                if (parts.length == 2) {
                    return new long[] { Long.parseLong(parts[0]), Long.parseLong(parts[1]) };
                }
            }
        } catch (NumberFormatException e) {
            // not ours
        }
        return null;
    }

    private static void killRecordedProcesses(Path jvmDir) {
        Path pidDir = jvmDir.resolve(PID_DIR);
        if (!Files.isDirectory(pidDir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pidDir, "*.pid")) {
            for (Path file : files) {
                String[] parts;
                try {
                    parts = Files.readString(file).trim().split("\\s+");
                } catch (IOException e) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    continue;
                }
                ProcessHandle.of(pid)
                        .filter(p -> sameProcess(p, parts.length > 1 ? parts[1] : "-"))
                        .ifPresent(OrphanReaper::killTree);
            }
        } catch (IOException e) {
            // nothing recorded
        }
    }

    private static boolean sameProcess(ProcessHandle process, String recordedStart) {
        if ("-".equals(recordedStart)) {
            return true;
        }
        Optional<Instant> start = process.info().startInstant();
        // start instants can differ by rounding; a recycled pid starts much later
        return start.isEmpty() || Math.abs(start.get().toEpochMilli() - Long.parseLong(recordedStart)) < 2000;
    }

    /** Kills a process and all its descendants (postgres backends, etc.) and waits briefly. */
    static void killTree(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // it was sent SIGKILL; nothing more we can do
        }
    }

    /** Deletes a directory tree, ignoring files that vanish meanwhile. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort (files may vanish while we walk)
        }
    }
}
