package dev.checkoutsaga.testkit;

import java.util.function.Supplier;

/**
 * Runs a check while one of the test kit's servers is stopped, and always starts it again: for
 * tests of what a service does while a dependency is down (DESIGN.md section 4, degradation matrix).
 */
public final class Outages {

    private Outages() {
    }

    public static <T> T whileRedisIsDown(Supplier<T> check) {
        RedisService redis = TestInfra.get().redis();
        redis.stop();
        try {
            return check.get();
        } finally {
            redis.start();
        }
    }

    public static <T> T whileKafkaIsDown(Supplier<T> check) {
        KafkaService kafka = TestInfra.get().kafka();
        kafka.stop();
        try {
            return check.get();
        } finally {
            kafka.start();
        }
    }

    public static <T> T whilePostgresIsDown(Supplier<T> check) {
        PostgresService postgres = TestInfra.get().postgres();
        postgres.stop();
        try {
            return check.get();
        } finally {
            postgres.start();
        }
    }
}
