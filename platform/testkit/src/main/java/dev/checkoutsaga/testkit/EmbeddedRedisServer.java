package dev.checkoutsaga.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import redis.embedded.core.ExecutableProvider;

/**
 * redis-server from the embedded-redis binary jar, run as a child process on a fixed loopback
 * port without persistence.
 *
 * <p>We start the binary ourselves instead of using embedded-redis' {@code RedisServer} so that we
 * own the {@link Process} (its pid goes to {@link OrphanReaper}) and no config files are written
 * into the shared temp directory.
 */
public final class EmbeddedRedisServer implements RedisService {

    private static final String RECORD_NAME = "redis";

    private final int port;
    private final Path workDir;
    private final Path jvmDir;
    private final String password;
    private Process process;

    /**
     * @param port    fixed port, or 0 to pick a free one now (kept for restarts)
     * @param workDir working directory of redis-server (logs nothing there; no persistence)
     * @param jvmDir  directory in which to record the pid for the reaper, or null
     * @param password what every client must AUTH with (redis-server --requirepass), as in a cluster
     */
    public EmbeddedRedisServer(int port, Path workDir, Path jvmDir, String password) {
        this.port = FreePorts.orFree(port);
        this.workDir = workDir;
        this.jvmDir = jvmDir;
        this.password = password;
    }

    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(workDir);
            Path binary = binary();
            process = new ProcessBuilder(List.of(binary.toString(),
                    "--port", Integer.toString(port),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", workDir.toString(),
                    "--daemonize", "no",
                    "--loglevel", "warning",
                    // redis-server replaces its process title (ip:port), so `ps` does not show this
                    "--requirepass", password))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("redis.log").toFile())
                    .start();
            if (jvmDir != null) {
                OrphanReaper.recordProcess(jvmDir, RECORD_NAME + "-" + port, process.pid());
            }
            awaitPong();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("Could not start redis-server on port " + port, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        // SIGTERM: redis closes its listening socket and exits (nothing to save); a server a test
        // left frozen (SIGSTOP) acts on it only once continued, which is harmless for a running one
        if (process.isAlive()) {
            signal("CONT");
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
        if (jvmDir != null) {
            OrphanReaper.forgetProcess(jvmDir, RECORD_NAME + "-" + port);
        }
    }

    @Override
    public synchronized void freeze() {
        signal("STOP");
    }

    @Override
    public synchronized void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("redis-server is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " of redis-server failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public String url() {
        return "redis://:" + password + "@127.0.0.1:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    /** Waits until redis answers PING, so callers can use it right away. */
    private void awaitPong() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ", see "
                        + workDir.resolve("redis.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write(("AUTH " + password + "\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[12];
                int n = in.readNBytes(buf, 0, buf.length);
                if (new String(buf, 0, n, StandardCharsets.US_ASCII).equals("+OK\r\n+PONG\r\n")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server did not answer PING on port " + port);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /**
     * Extracts the linux redis-server binary from the embedded-redis jar into a cache directory
     * shared by all JVMs (written atomically, so concurrent JVMs do not see half a file). Other
     * platforms fall back to embedded-redis' own extraction.
     */
    private static Path binary() throws IOException {
        String arch = System.getProperty("os.arch");
        String resource = null;
        if (System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            if (arch.equals("amd64") || arch.equals("x86_64")) {
                resource = "redis-server-6.2.6-v5-linux-amd64";
            } else if (arch.equals("aarch64") || arch.equals("arm64")) {
                resource = "redis-server-6.2.7-linux-arm64";
            }
        }
        if (resource == null) {
            return ExecutableProvider.newJarResourceProvider().get().toPath();
        }
        Path cache = Files.createDirectories(OrphanReaper.defaultBaseDir().resolve("bin"));
        Path target = cache.resolve(resource);
        if (Files.isExecutable(target)) {
            return target;
        }
        Path tmp = Files.createTempFile(cache, resource, ".tmp");
        try (InputStream in = EmbeddedRedisServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("Resource " + resource + " not found (embedded-redis missing?)");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }
}
