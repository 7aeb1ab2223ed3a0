package dev.checkoutsaga.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A {@code LISTEN} on one PostgreSQL channel, for a background loop that should wake up as soon as
 * some transaction commits work for it. NOTIFY is transactional: a notification is delivered when
 * the notifying transaction commits, and never when it rolls back, so a wake-up always means "there
 * is committed work", in this process or in any other replica on the same database.
 *
 * <p>Not thread-safe: one loop thread owns it. The connection is opened lazily and reopened after a
 * failure, so a database outage only turns the wait into a plain sleep.
 */
public final class PgChannelListener implements AutoCloseable {
    private final DataSource dataSource;
    private final String channel;
    private final Duration reconnectPause;
    private Connection connection;

    /**
     * @param reconnectPause how long {@link #await} pauses (at most) when the database is unreachable,
     *        before it tries to listen again; short, because notifications sent meanwhile are lost and
     *        only the caller's next look at the table finds their work
     */
    public PgChannelListener(DataSource dataSource, String channel, Duration reconnectPause) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("channel must be a plain identifier: " + channel);
        }
        this.dataSource = dataSource;
        this.channel = channel;
        this.reconnectPause = reconnectPause;
    }

    /**
     * Waits until a notification on the channel arrives or {@code timeout} passes, and drains every
     * notification already queued (many commits, one wake-up).
     *
     * @return true when woken by a notification; false on timeout, or after a pause of at most the
     *         reconnect pause when the database is unreachable (the caller should look at its table
     *         then: notifications may have been missed)
     * @throws InterruptedException when the thread is interrupted while the database is unreachable
     */
    public boolean await(Duration timeout) throws InterruptedException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try {
            PGNotification[] received = listening().unwrap(PGConnection.class).getNotifications(millis);
            return received != null && received.length > 0;
        } catch (SQLException e) {
            // database unreachable: pause, reconnect next time
            close();
            Thread.sleep(Math.min(millis, Math.max(1, reconnectPause.toMillis())));
            return false;
        }
    }

    private Connection listening() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }
}
