package dev.checkoutsaga.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The servers shared by all tests of one JVM. Each server is started lazily on first use and
 * stopped by a JVM shutdown hook, which also deletes this JVM's state directory.
 *
 * <pre>{@code
 * TestInfra infra = TestInfra.get();
 * String url = infra.postgres().jdbcUrl("orders");
 * infra.kafka().restart();
 * }</pre>
 *
 * <p>State lives under {@code ${java.io.tmpdir}/checkout-testkit/jvm-<pid>/} (the base can be
 * changed with {@code -Dcheckout.testkit.base-dir=...}); leftovers of killed JVMs are reaped
 * when the next JVM starts the kit. With {@code CHECKOUT_TESTKIT_EXTERNAL=true} nothing is
 * started and the addresses come from environment variables (see {@link ExternalServers}).
 */
public final class TestInfra {

    private static TestInfra instance;

    private final boolean external;
    private final Path jvmDir;
    /** The system class loader's TestInfra when this copy only forwards to it, else null. */
    private Object delegate;
    private volatile PostgresService postgres;
    private volatile RedisService redis;
    private volatile KafkaService kafka;

    private TestInfra(boolean external) {
        this.external = external;
        if (external) {
            jvmDir = null;
            return;
        }
        Path base = Path.of(System.getProperty("checkout.testkit.base-dir",
                OrphanReaper.defaultBaseDir().toString()));
        OrphanReaper.reap(base);
        jvmDir = OrphanReaper.jvmDir(base);
        try {
            Files.createDirectories(jvmDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "checkout-testkit-shutdown"));
    }

    /**
     * The JVM-wide instance; servers are not started until asked for.
     *
     * <p>Quarkus loads test classes and test resources in its own class loaders (one per test
     * application), each with its own copy of this class. To keep one set of servers per JVM, and
     * to run the Kafka broker on the plain class path rather than inside Quarkus' class loading,
     * a copy that is not the system class loader's delegates to the system class loader's copy.
     */
    public static synchronized TestInfra get() {
        if (instance == null) {
            LoggingWarmup.run();
            Object shared = sharedInstance();
            instance = shared != null ? new TestInfra(shared) : new TestInfra(ExternalServers.enabled());
        }
        return instance;
    }

    /** The system class loader's TestInfra, if that is not this class itself. */
    private static Object sharedInstance() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (TestInfra.class.getClassLoader() == system) {
            return null;
        }
        try {
            Class<?> shared = Class.forName(TestInfra.class.getName(), true, system);
            if (shared == TestInfra.class) {
                return null;
            }
            return shared.getMethod("get").invoke(null);
        } catch (ClassNotFoundException e) {
            // the testkit is not on the system class path (unusual launcher): use this copy
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not reach the JVM-wide TestInfra", e);
        }
    }

    /** A view of the system class loader's instance (see {@link #get()}). */
    private TestInfra(Object shared) {
        this.delegate = shared;
        this.external = (Boolean) Bridge.call(shared, "isExternal");
        this.jvmDir = (Path) Bridge.call(shared, "stateDir");
        if (external) {
            // nothing to share: same environment, same answers
            this.delegate = null;
        }
    }

    /** True when the servers are external and must not be stopped or restarted. */
    public boolean isExternal() {
        return external;
    }

    /** This JVM's state directory (null in external mode). */
    public Path stateDir() {
        return jvmDir;
    }

    // One lock per server: slow starts (initdb, Kafka) can overlap, but each server starts once.
    private final Object postgresLock = new Object();
    private final Object redisLock = new Object();
    private final Object kafkaLock = new Object();

    public PostgresService postgres() {
        synchronized (postgresLock) {
            if (postgres == null) {
                if (delegate != null) {
                    postgres = Bridge.proxy(PostgresService.class, Bridge.call(delegate, "postgres"));
                } else if (external) {
                    postgres = ExternalServers.postgres(System.getenv());
                } else {
                    EmbeddedPostgresServer server = new EmbeddedPostgresServer(0, jvmDir.resolve("postgres"), jvmDir);
                    server.start();
                    postgres = server;
                }
            }
            return postgres;
        }
    }

    public RedisService redis() {
        synchronized (redisLock) {
            if (redis == null) {
                if (delegate != null) {
                    redis = Bridge.proxy(RedisService.class, Bridge.call(delegate, "redis"));
                } else if (external) {
                    redis = ExternalServers.redis(System.getenv());
                } else {
                    EmbeddedRedisServer server = new EmbeddedRedisServer(0, jvmDir.resolve("redis"), jvmDir,
                            RedisService.TEST_PASSWORD);
                    server.start();
                    redis = server;
                }
            }
            return redis;
        }
    }

    public KafkaService kafka() {
        synchronized (kafkaLock) {
            if (kafka == null) {
                if (delegate != null) {
                    kafka = Bridge.proxy(KafkaService.class, Bridge.call(delegate, "kafka"));
                } else if (external) {
                    kafka = ExternalServers.kafka(System.getenv());
                } else {
                    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(0, 0, jvmDir.resolve("kafka"));
                    broker.start();
                    kafka = broker;
                }
            }
            return kafka;
        }
    }

    /** Starts all three servers in parallel (PostgreSQL's initdb and Kafka's startup overlap). */
    public TestInfra startAll() {
        if (delegate != null) {
            Bridge.call(delegate, "startAll");
        }
        CompletableFuture<?> pg = CompletableFuture.runAsync(this::postgres);
        CompletableFuture<?> kf = CompletableFuture.runAsync(this::kafka);
        redis();
        CompletableFuture.allOf(pg, kf).join();
        return this;
    }

    private void shutdown() {
        // Kafka first: it is in-process and its threads would log errors about the others
        if (kafka != null) {
            quietly(kafka::stop);
        }
        if (redis != null) {
            quietly(redis::stop);
        }
        if (postgres != null) {
            quietly(postgres::stop);
        }
        OrphanReaper.deleteRecursively(jvmDir);
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            System.err.println("checkout-testkit: " + e);
        }
    }
}
