package dev.checkoutsaga.testkit;

import java.util.Map;

/**
 * Servers that somebody else runs (CI services, a local stack), selected with
 * {@code CHECKOUT_TESTKIT_EXTERNAL=true} or {@code -Dcheckout.testkit.external=true}. The testkit
 * only hands out their addresses; it cannot stop or restart them.
 */
final class ExternalServers {

    private ExternalServers() {
    }

    static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty("checkout.testkit.external"))
                || Boolean.parseBoolean(System.getenv("CHECKOUT_TESTKIT_EXTERNAL"));
    }

    private static String env(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static UnsupportedOperationException unsupported(String server, String action) {
        return new UnsupportedOperationException("Cannot " + action + " " + server
                + ": the testkit runs in external mode (CHECKOUT_TESTKIT_EXTERNAL / checkout.testkit.external),"
                + " the servers are not managed by this JVM. Tests that stop or restart servers need the"
                + " embedded mode.");
    }

    static PostgresService postgres(Map<String, String> env) {
        String host = env(env, "CHECKOUT_PG_HOST", "localhost");
        int port = Integer.parseInt(env(env, "CHECKOUT_PG_PORT", "5432"));
        String user = env(env, "CHECKOUT_PG_USER", "postgres");
        String password = env(env, "CHECKOUT_PG_PASSWORD", "postgres");
        return new PostgresService() {
            @Override public String host() { return host; }
            @Override public int port() { return port; }
            @Override public String username() { return user; }
            @Override public String password() { return password; }
            @Override public void stop() { throw unsupported("PostgreSQL", "stop"); }
            @Override public void start() { throw unsupported("PostgreSQL", "start"); }
            @Override public void restart() { throw unsupported("PostgreSQL", "restart"); }
            @Override public boolean isRunning() { return true; }
        };
    }

    static RedisService redis(Map<String, String> env) {
        String url = env(env, "CHECKOUT_REDIS_URL", "redis://localhost:6379");
        int port = java.net.URI.create(url).getPort() > 0 ? java.net.URI.create(url).getPort() : 6379;
        return new RedisService() {
            @Override public String url() { return url; }
            @Override public int port() { return port; }
            @Override public void stop() { throw unsupported("Redis", "stop"); }
            @Override public void start() { throw unsupported("Redis", "start"); }
            @Override public void restart() { throw unsupported("Redis", "restart"); }
            @Override public boolean isRunning() { return true; }
        };
    }

    static KafkaService kafka(Map<String, String> env) {
        String bootstrap = env(env, "CHECKOUT_KAFKA_BOOTSTRAP", "localhost:9092");
        return new KafkaService() {
            @Override public String bootstrapServers() { return bootstrap; }
            @Override public void stop() { throw unsupported("Kafka", "stop"); }
            @Override public void start() { throw unsupported("Kafka", "start"); }
            @Override public void restart() { throw unsupported("Kafka", "restart"); }
            @Override public boolean isRunning() { return true; }
        };
    }
}
