package dev.checkoutsaga.testkit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.checkoutsaga.events.SagaMap;

/**
 * Runs PostgreSQL, Redis and Kafka on fixed ports with a persistent data directory, for the local
 * stack. Stops cleanly on SIGINT/SIGTERM.
 *
 * <pre>
 * java -cp ... dev.checkoutsaga.testkit.InfraMain [--data-dir DIR] [--pg-port 15432]
 *      [--redis-port 16379] [--kafka-port 19092] [--kafka-controller-port 19093] [--database orders]...
 *      [--partitions 6]   (creates the saga topics with that many partitions, or grows them to it)
 *      [--control-port 19099]   (stop and start one server at a time over HTTP: {@link InfraControl})
 * </pre>
 *
 * Every option can also be given as a system property: {@code -Dcheckout.infra.pg-port=15432}.
 */
public final class InfraMain {

    private InfraMain() {
    }

    public static void main(String[] args) throws Exception {
        // a standalone JVM: route JUL (and thereby slf4j via jboss-logmanager) like Quarkus does
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        LoggingWarmup.run();
        Map<String, String> options = parse(args);
        Path dataDir = Path.of(option(options, "data-dir", "target/checkout-infra")).toAbsolutePath();
        int pgPort = Integer.parseInt(option(options, "pg-port", "15432"));
        int redisPort = Integer.parseInt(option(options, "redis-port", "16379"));
        int kafkaPort = Integer.parseInt(option(options, "kafka-port", "19092"));
        int controllerPort = Integer.parseInt(option(options, "kafka-controller-port", Integer.toString(kafkaPort + 1)));

        // No jvmDir: the data directory is persistent and not subject to the orphan reaper.
        EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(pgPort, dataDir.resolve("postgres"), null);
        // the password from the environment, not an option: `ps` shows options (deploy/local/stack sets it)
        String redisPassword = System.getenv().getOrDefault("QUARKUS_REDIS_PASSWORD", RedisService.TEST_PASSWORD);
        EmbeddedRedisServer redis = new EmbeddedRedisServer(redisPort, dataDir.resolve("redis"), null, redisPassword);
        EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(kafkaPort, controllerPort, dataDir.resolve("kafka"));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping checkout infrastructure...");
            safely(kafka::stop);
            safely(redis::stop);
            safely(postgres::stop);
            stopped.countDown();
        }, "checkout-infra-shutdown"));

        postgres.start();
        for (String db : option(options, "database", "").split(",")) {
            if (!db.isBlank()) {
                postgres.createDatabase(db.trim());
            }
        }
        redis.start();
        kafka.start();
        int partitions = Integer.parseInt(option(options, "partitions", "0"));
        if (partitions > 0) {
            // enough partitions for every consumer of every replica (one partition feeds one consumer)
            kafka.ensureTopics(partitions, SagaMap.topics().toArray(String[]::new));
        }

        int controlPort = Integer.parseInt(option(options, "control-port", "0"));
        if (controlPort > 0) {
            Map<String, InfraControl.Server> servers = new LinkedHashMap<>();
            servers.put("postgres", new InfraControl.Server(postgres::start, postgres::stop, postgres::isRunning));
            servers.put("redis", new InfraControl.Server(redis::start, redis::stop, redis::isRunning));
            servers.put("kafka", new InfraControl.Server(kafka::start, kafka::stop, kafka::isRunning));
            InfraControl.listen(controlPort, servers);
        }

        System.out.println("Checkout infrastructure is up (data in " + dataDir + ")");
        System.out.println("  PostgreSQL: " + postgres.jdbcUrl("postgres") + " user=" + postgres.username()
                + " password=" + postgres.password());
        System.out.println("  Redis:      " + redis.url());
        System.out.println("  Kafka:      " + kafka.bootstrapServers());
        if (controlPort > 0) {
            System.out.println("  Control:    http://127.0.0.1:" + controlPort + "/servers");
        }
        System.out.println("Press Ctrl+C to stop.");
        stopped.await();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Missing value for " + arg);
            }
            // --database may be repeated
            options.merge(name, value, (a, b) -> a + "," + b);
        }
        return options;
    }

    private static String option(Map<String, String> options, String name, String fallback) {
        return options.getOrDefault(name, System.getProperty("checkout.infra." + name, fallback));
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            System.err.println("Stop failed: " + e);
        }
    }
}
