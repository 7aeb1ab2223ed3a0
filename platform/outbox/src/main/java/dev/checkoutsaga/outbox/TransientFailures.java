package dev.checkoutsaga.outbox;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Tells failures that go away by themselves (database unreachable or restarting, deadlock,
 * serialization conflict, timeout) from those that will fail the same way every time. A handler
 * that failed transiently is retried for as long as it takes: giving up would move the event to
 * the dead-letter topic and leave its order stuck, although nothing is wrong with the event.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    /** SQLSTATE of a statement PostgreSQL cancelled, e.g. at its {@code statement_timeout}. */
    static final String STATEMENT_TIMEOUT = "57014";

    /** A handling that ran out of time: our own bound, or PostgreSQL's statement_timeout. */
    public static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
            if (t instanceof DatabaseException db && STATEMENT_TIMEOUT.equals(db.getSqlState())
                    || t instanceof java.sql.SQLException sql && STATEMENT_TIMEOUT.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException
                    || t instanceof TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException
                    || t instanceof java.net.SocketException) {
                return true;
            }
            if (t instanceof DatabaseException db && isTransientSqlState(db.getSqlState())) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && isTransientSqlState(sql.getSQLState())) {
                return true;
            }
            String name = t.getClass().getName();
            // Hibernate's wrappers for a lost connection or lock timeout, without a compile-time dependency on them
            if (name.endsWith("JDBCConnectionException") || name.endsWith("LockTimeoutException")
                    || name.endsWith("PessimisticLockException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * PostgreSQL SQLSTATEs worth retrying: 08 connection exceptions, 40001 serialization failure,
     * 40P01 deadlock, 53 insufficient resources, 55P03 lock not available, 57P0x server shutting
     * down / cannot connect now, 57014 statement cancelled (statement_timeout).
     */
    static boolean isTransientSqlState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || state.equals("40001") || state.equals("40P01") || state.startsWith("53")
                || state.equals("55P03") || state.startsWith("57P") || state.equals(STATEMENT_TIMEOUT);
    }
}
