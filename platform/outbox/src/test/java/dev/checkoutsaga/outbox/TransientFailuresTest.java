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

    @Test
    void aHandlingThatRanOutOfTimeIsATimeoutOursOrPostgresql() {
        Throwable ours = new io.smallrye.mutiny.TimeoutException();
        Throwable cancelled = new PgException("canceling statement due to statement timeout", "ERROR", "57014", null);
        for (Throwable t : new Throwable[] { ours, cancelled, new RuntimeException(cancelled),
                new java.util.concurrent.TimeoutException() }) {
            assertTrue(TransientFailures.isTimeout(t), t.toString());
            assertTrue(TransientFailures.isTransient(t), "retried until saga.inbox.max-handler-timeouts: " + t);
        }
        assertFalse(TransientFailures.isTimeout(new PgException("deadlock detected", "ERROR", "40P01", null)));
        assertFalse(TransientFailures.isTimeout(new ConnectException("Connection refused")));
    }
}
