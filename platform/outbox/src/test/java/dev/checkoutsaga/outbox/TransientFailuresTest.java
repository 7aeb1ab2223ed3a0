package dev.checkoutsaga.outbox;

import static org.junit.jupiter.api.Assertions.*;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

class TransientFailuresTest {

    @Test
    void aDatabaseThatIsDownOrRestartingIsWorthWaitingFor() {
        assertTrue(TransientFailures.isTransient(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(TransientFailures.isTransient(ClosedConnectionException.INSTANCE));
        assertTrue(TransientFailures.isTransient(new PgException("terminating connection", "FATAL", "57P01", null)));
        assertTrue(TransientFailures.isTransient(new SQLException("connection failure", "08006")));
    }

    @Test
    void deadlocksAndSerializationConflictsAreRetried() {
        assertTrue(TransientFailures.isTransient(new PgException("deadlock detected", "ERROR", "40P01", null)));
        assertTrue(TransientFailures.isTransient(new RuntimeException(new PgException("could not serialize", "ERROR", "40001", null))));
    }

    @Test
    void aBugOrABadEventIsNotRetriedForever() {
        assertFalse(TransientFailures.isTransient(new NullPointerException()));
        assertFalse(TransientFailures.isTransient(new IllegalArgumentException("bad sku")));
        assertFalse(TransientFailures.isTransient(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(TransientFailures.isTransient(new PgException("check violation", "ERROR", "23514", null)));
    }
}
