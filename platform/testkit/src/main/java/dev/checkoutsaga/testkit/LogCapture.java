package dev.checkoutsaga.testkit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The lines one logger writes while a test runs, each with the MDC it was logged with (what a
 * JSON log line shows under "mdc"). Close it to stop listening.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /** One log line: its formatted message and its MDC. */
    public record Line(String message, Map<String, String> mdc) {
    }

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    public static LogCapture of(Class<?> loggerOwner) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerOwner.getName()));
        capture.logger.addHandler(capture);
        return capture;
    }

    /** The lines so far whose message starts with {@code prefix}. */
    public List<Line> startingWith(String prefix) {
        return lines.stream().filter(l -> l.message().startsWith(prefix)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        // the MDC of the logging context, copied now: it is gone once the handling ends
        ExtLogRecord ext = ExtLogRecord.wrap(record);
        lines.add(new Line(ext.getFormattedMessage(), Map.copyOf(ext.getMdcCopy())));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
