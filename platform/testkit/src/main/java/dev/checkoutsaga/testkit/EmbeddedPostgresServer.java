package dev.checkoutsaga.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL 17 from the zonky binary jars, run as a native process on a fixed loopback port.
 *
 * <p>The data directory is kept across {@link #stop()}/{@link #start()}, so a restart keeps the
 * data, which is what resilience tests need. zonky daemonizes postgres through pg_ctl; the
 * postmaster pid is recorded (if {@code jvmDir} is given) so {@link OrphanReaper} can kill it
 * after a kill -9 of this JVM.
 */
public final class EmbeddedPostgresServer implements PostgresService {

    private static final String RECORD_NAME = "postgres";

    private final int port;
    private final Path dataDir;
    private final Path jvmDir;
    private EmbeddedPostgres postgres;

    /**
     * @param port    fixed port, or 0 to pick a free one now (kept for restarts)
     * @param dataDir data directory; initialised by initdb on first start if empty
     * @param jvmDir  directory in which to record the postmaster pid for the reaper, or null
     */
    public EmbeddedPostgresServer(int port, Path dataDir, Path jvmDir) {
        this.port = FreePorts.orFree(port);
        this.dataDir = dataDir;
        this.jvmDir = jvmDir;
    }

    @Override
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    // keep data across stop/start; the owner deletes the directory at the end
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // TCP only: no socket files in /tmp that a killed postmaster would leave behind
                    .setServerConfig("unix_socket_directories", "")
                    // server output goes to a file next to the data instead of the test log
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile()))
                    // every Quarkus app in the JVM keeps its own pools, plus concurrency tests
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL on port " + port, e);
        }
        if (jvmDir != null) {
            postmasterPid().ifPresent(pid -> OrphanReaper.recordProcess(jvmDir, RECORD_NAME + "-" + port, pid));
        }
    }

    @Override
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            // pg_ctl stop -m fast: terminates sessions, closes the port
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop PostgreSQL", e);
        } finally {
            postgres = null;
            if (jvmDir != null) {
                OrphanReaper.forgetProcess(jvmDir, RECORD_NAME + "-" + port);
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return postgres != null;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    /** The embedded server trusts local connections; the password is accepted but not checked. */
    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "postgres";
    }

    public Path dataDir() {
        return dataDir;
    }

    private java.io.File logFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile();
    }

    /** First line of postmaster.pid is the postmaster's pid. */
    private java.util.Optional<Long> postmasterPid() {
        try {
            String first = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim();
            return java.util.Optional.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
