package dev.checkoutsaga.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanReaperTest {

    @TempDir
    Path base;

    @Test
    void killsProcessesOfDeadJvmsAndDeletesTheirDirectories() throws Exception {
        long deadPid = deadPid();
        Path orphan = base.resolve("jvm-" + deadPid);
        Files.createDirectories(orphan.resolve("postgres"));
        Files.writeString(orphan.resolve("postgres/some-data"), "x");
        // a child that would survive its JVM, like redis-server or the postmaster
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        OrphanReaper.recordProcess(orphan, "redis", sleeper.pid());

        Path live = OrphanReaper.jvmDir(base);
        Files.createDirectories(live);

        try {
            assertEquals(1, OrphanReaper.reap(base));
            assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS), "orphaned child must be killed");
            assertFalse(Files.exists(orphan), "orphan directory must be deleted");
            assertTrue(Files.exists(live), "the directory of a live JVM must be kept");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void leavesRecycledPidsAlone() throws Exception {
        Path orphan = base.resolve("jvm-" + deadPid());
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            Files.createDirectories(orphan.resolve("pids"));
            // recorded start time far from the real one: the pid now belongs to somebody else
            Files.writeString(orphan.resolve("pids/redis.pid"), sleeper.pid() + " 1000\n");
            assertEquals(1, OrphanReaper.reap(base));
            assertTrue(sleeper.isAlive());
            assertFalse(Files.exists(orphan));
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void finishesTheWorkOfAReaperThatDied() throws Exception {
        // claimed by a reaper JVM that was killed itself before it finished
        Path claimed = base.resolve("reaped-" + deadPid() + "-" + deadPid());
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            OrphanReaper.recordProcess(claimed, "postgres-5432", sleeper.pid());
            assertEquals(1, OrphanReaper.reap(base));
            assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS));
            assertFalse(Files.exists(claimed));
        } finally {
            sleeper.destroyForcibly();
        }
    }

    /** The pid of a process that has exited, i.e. a JVM that is gone. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        assertTrue(ProcessHandle.of(pid).isEmpty());
        return pid;
    }
}
