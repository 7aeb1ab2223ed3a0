package dev.checkoutsaga.testkit;

import java.util.function.Supplier;

/**
 * Runs a check while one of the test kit's servers is stopped, and always starts it again: for
 * tests of what a service does while a dependency is down (docs/design.md section 4, degradation matrix).
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

    /** Runs the check while Redis hangs (frozen: connected, never answering), then lets it answer again. */
    public static <T> T whileRedisHangs(Supplier<T> check) {
        RedisService redis = TestInfra.get().redis();
        redis.freeze();
        try {
            return check.get();
        } finally {
            redis.thaw();
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

    /**
     * A database that hangs rather than refuses: the table is locked (ACCESS EXCLUSIVE) by another
     * transaction of the service's own database (the {@code quarkus.datasource.jdbc.*} config of the
     * application under test) until the returned lock is closed, which rolls that transaction back.
     */
    public static TableLock lockTable(String table) {
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("Unsupported table name: " + table);
        }
        try {
            java.sql.Connection c = ServiceDatabase.connect();
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("lock table " + table + " in access exclusive mode");
            }
            return new TableLock(c);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not lock table " + table, e);
        }
    }

    /** A held table lock; closing it (again: a no-op) releases the table. */
    public record TableLock(java.sql.Connection connection) implements AutoCloseable {
        @Override
        public void close() {
            try {
                if (!connection.isClosed()) {
                    connection.rollback();
                    connection.close();
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
