package dev.checkoutsaga.testkit;

/** A Redis server used by tests: embedded ({@link EmbeddedRedisServer}) or external. */
public interface RedisService {

    /** {@code redis://host:port}, the form of {@code quarkus.redis.hosts}. */
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
