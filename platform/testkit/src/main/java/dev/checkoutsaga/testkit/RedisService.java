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
}
