package dev.checkoutsaga.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A PostgreSQL server used by tests: embedded ({@link EmbeddedPostgresServer}) or external. */
public interface PostgresService {

    String host();

    int port();

    String username();

    String password();

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** URL in the form the Quarkus reactive client wants: {@code postgresql://host:port/db}. */
    default String reactiveUrl(String database) {
        return "postgresql://" + host() + ":" + port() + "/" + database;
    }

    /**
     * Creates the database unless it exists. Safe to call from many tests and JVMs at once: a
     * concurrent creator winning the race is not an error.
     */
    default void createDatabase(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("Unsupported database name: " + name);
        }
        synchronized (PostgresService.class) {
            for (int attempt = 1; ; attempt++) {
                try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), username(), password())) {
                    try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                        ps.setString(1, name);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                return;
                            }
                        }
                    }
                    try (Statement st = c.createStatement()) {
                        st.execute("create database \"" + name + "\"");
                    }
                    return;
                } catch (SQLException e) {
                    // 42P04 duplicate_database: another JVM created it first.
                    if ("42P04".equals(e.getSQLState())) {
                        return;
                    }
                    // 55006 object_in_use: template1 busy because another CREATE DATABASE runs.
                    if (attempt < 20 && "55006".equals(e.getSQLState())) {
                        sleep(100);
                        continue;
                    }
                    throw new IllegalStateException("Could not create database " + name, e);
                }
            }
        }
    }

    /** Stops the server; clients get connection errors until {@link #start()}. */
    void stop();

    /** Starts a stopped server again on the same port with the same data. */
    void start();

    default void restart() {
        stop();
        start();
    }

    boolean isRunning();

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
