package dev.checkoutsaga.testkit;

/** A Redis server used by tests: embedded ({@link EmbeddedRedisServer}) or external. */
public interface RedisService {

    /** The password of the embedded server a test starts (it requires one, as Redis in a cluster does). */
    String TEST_PASSWORD = "test-redis-password";

    /** {@code redis://:password@host:port}, the form of {@code quarkus.redis.hosts}. */
    String url();

    int port();

    void stop();

    void start();

    default void restart() {
        stop();
        start();
    }

    boolean isRunning();

    /**
     * Freezes the server (SIGSTOP): connections stay open and commands get no answer, as with a
     * Redis that hangs rather than refuses. Only for a server the tests started themselves.
     */
    default void freeze() {
        throw new UnsupportedOperationException("cannot freeze a Redis the tests did not start");
    }

    /** Lets a frozen server run again (SIGCONT); it then answers what was sent meanwhile. */
    default void thaw() {
        throw new UnsupportedOperationException("cannot thaw a Redis the tests did not start");
    }
}
