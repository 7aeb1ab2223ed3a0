package dev.checkoutsaga.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.checkoutsaga.testkit.LocalServices;

/**
 * The processes of the local stack, found by their command lines the way deploy/local/stack starts
 * them, and their CPU time and memory from /proc.
 *
 * <p>CPU of a process is utime + stime of /proc/&lt;pid&gt;/stat (all its threads). PostgreSQL is
 * many processes: the postmaster, its auxiliary processes and one backend per connection; backends
 * and autovacuum workers that exit during a step are reaped by the postmaster, whose cutime + cstime
 * then holds their time. So "postgres" = postmaster (utime + stime + cutime + cstime) + every living
 * child (utime + stime), and a delta of that over a step is exact.
 */
final class Processes {

    /** A named group of processes (one JVM, or postgres with its children). */
    record Group(String name, List<Long> pids, boolean postgres) {
    }

    /** CPU ticks and memory of every group at one instant. */
    record Sample(long nanoTime, Map<String, Long> ticks, Map<String, Long> memoryKb) {
    }

    /** Busy CPU of the machine not used by any process of the stack nor the bench. */
    static final String OTHER = "other processes (not the stack)";
    /** The services of the stack (deploy/services.txt), by name. */
    static final List<String> SERVICES = BenchConfig.SERVICES.stream().map(LocalServices.Service::name).toList();

    private final List<Group> groups;
    private final long clockTicks;

    private Processes(List<Group> groups, long clockTicks) {
        this.groups = groups;
        this.clockTicks = clockTicks;
    }

    static Processes discover() {
        Map<String, List<Long>> found = new LinkedHashMap<>();
        for (String s : SERVICES) {
            found.put(s, new ArrayList<>());
        }
        found.put("sandbox", new ArrayList<>());
        found.put("postgres", new ArrayList<>());
        found.put("redis", new ArrayList<>());
        found.put("infra JVM (Kafka)", new ArrayList<>());
        found.put("zipkin (trace viewer)", new ArrayList<>());
        long self = ProcessHandle.current().pid();
        for (long pid : allPids()) {
            if (pid == self) {
                continue;
            }
            String cmd = cmdline(pid).orElse("");
            if (cmd.isEmpty()) {
                continue;
            }
            for (String s : SERVICES) {
                if (cmd.contains(s + "/target/quarkus-app/quarkus-run.jar")) {
                    found.get(s).add(pid);
                }
            }
            if (cmd.contains("sandbox/target/quarkus-app/quarkus-run.jar")) {
                found.get("sandbox").add(pid);
            } else if (cmd.contains("zipkin/zipkin-server.jar")) {
                found.get("zipkin (trace viewer)").add(pid);
            } else if (cmd.contains("dev.checkoutsaga.testkit.InfraMain")) {
                found.get("infra JVM (Kafka)").add(pid);
            } else if (cmd.contains("redis-server") && cmd.contains(":" + BenchConfig.REDIS_PORT)) {
                found.get("redis").add(pid);
            } else if (isPostmaster(cmd)) {
                found.get("postgres").add(pid);
            }
        }
        List<Group> groups = new ArrayList<>();
        found.forEach((name, pids) -> groups.add(new Group(name, List.copyOf(pids), name.equals("postgres"))));
        groups.add(new Group("bench (this JVM)", List.of(self), false));
        return new Processes(groups, clockTicks());
    }

    /** The postmaster of the stack: postgres started with -D &lt;data dir&gt; -p 15432 (its children have neither). */
    private static boolean isPostmaster(String cmd) {
        String exe = cmd.split(" ", 2)[0];
        return (exe.endsWith("/postgres") || exe.equals("postgres")) && cmd.contains(" -D ")
                && cmd.contains(" -p " + BenchConfig.PG_PORT);
    }

    List<Group> groups() {
        return groups;
    }

    /** Names of the groups whose processes were not found (the stack not fully up, or --dev). */
    List<String> missing() {
        return groups.stream().filter(g -> g.pids().isEmpty()).map(Group::name).toList();
    }

    long clockTicksPerSecond() {
        return clockTicks;
    }

    /** Every process of a group (the instances of a service). */
    List<Long> pids(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst().map(Group::pids).orElse(List.of());
    }

    /** HTTP ports of a service's instances, from their -Dquarkus.http.port=N, in port order. */
    List<Integer> ports(String name) {
        List<Integer> out = new ArrayList<>();
        for (long pid : pids(name)) {
            for (String a : cmdline(pid).orElse("").split(" ")) {
                if (a.startsWith("-Dquarkus.http.port=")) {
                    out.add(Integer.parseInt(a.substring("-Dquarkus.http.port=".length())));
                }
            }
        }
        out.sort(Integer::compare);
        return out;
    }

    Optional<Long> pidOf(String name) {
        return groups.stream().filter(g -> g.name().equals(name) && !g.pids().isEmpty()).map(g -> g.pids().get(0)).findFirst();
    }

    /**
     * CPU first and quickly (stat files only, the machine's busy time read just before and after and
     * averaged, so that "other processes" is not skewed by the time the sample takes), memory after.
     */
    Sample sample() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<String, List<Long>> members = new LinkedHashMap<>();
        long machineBefore = machineTicks();
        List<long[]> all = null;
        for (Group g : groups) {
            long t = 0;
            List<Long> pids = new ArrayList<>();
            for (long pid : g.pids()) {
                long[] st = stat(pid);
                if (st == null) {
                    continue;
                }
                pids.add(pid);
                if (g.postgres()) {
                    // a backend reaped while the children are read would be counted nowhere (or twice):
                    // read again until the postmaster's cutime + cstime did not move meanwhile
                    for (int attempt = 0; attempt < 5; attempt++) {
                        long pt = 0;
                        List<Long> children = new ArrayList<>();
                        all = allStats();
                        for (long[] child : all) {
                            if (child[5] == pid) {
                                pt += child[1] + child[2];
                                children.add(child[0]);
                            }
                        }
                        long[] after = stat(pid);
                        if (after == null) {
                            break;
                        }
                        if (after[3] + after[4] == st[3] + st[4] || attempt == 4) {
                            t += after[1] + after[2] + after[3] + after[4] + pt;
                            pids.addAll(children);
                            break;
                        }
                        st = after;
                    }
                } else {
                    t += st[1] + st[2];
                }
            }
            ticks.put(g.name(), t);
            members.put(g.name(), pids);
        }
        long machineAfter = machineTicks();
        if (machineBefore >= 0 && machineAfter >= 0) {
            // busy time of the whole machine minus the processes above: builds, tests, anything else running
            ticks.put(OTHER, (machineBefore + machineAfter) / 2 - ticks.values().stream().mapToLong(Long::longValue).sum());
        }
        Map<String, Long> mem = new LinkedHashMap<>();
        for (Group g : groups) {
            long kb = 0;
            for (long pid : members.get(g.name())) {
                kb += g.postgres() ? pssKb(pid) : rssKb(pid);
            }
            mem.put(g.name(), kb);
        }
        return new Sample(System.nanoTime(), ticks, mem);
    }


    /** CPU seconds per group between two samples. */
    Map<String, Double> cpuSeconds(Sample from, Sample to) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : to.ticks().keySet()) {
            out.put(name, (to.ticks().get(name) - from.ticks().getOrDefault(name, 0L)) / (double) clockTicks);
        }
        return out;
    }

    // --- /proc

    private static List<Long> allPids() {
        List<Long> pids = new ArrayList<>();
        try (var dir = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
                    pids.add(Long.parseLong(n));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    static Optional<String> cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(b).replace('\0', ' ').trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {pid, utime, stime, cutime, cstime, ppid} or null if gone. */
    private static long[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command (field 2) is in parentheses and may contain spaces: split after the last ')'
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // f[0] = field 3 (state); field n is f[n - 3]
            return new long[] {pid, Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** user + nice + system + irq + softirq + steal of /proc/stat (idle and iowait are not busy), in clock ticks. */
    private static long machineTicks() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                            + Long.parseLong(f[7]) + Long.parseLong(f[8]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static List<long[]> allStats() {
        List<long[]> out = new ArrayList<>();
        for (long pid : allPids()) {
            long[] st = stat(pid);
            if (st != null) {
                out.add(st);
            }
        }
        return out;
    }

    private static long rssKb(long pid) {
        return statusField(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    /** Proportional set size: shared memory (PostgreSQL's shared buffers) divided among its users, so a sum is fair. */
    private static long pssKb(long pid) {
        long pss = statusField(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
        return pss > 0 ? pss : rssKb(pid);
    }

    private static long statusField(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
