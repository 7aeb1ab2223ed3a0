package dev.checkoutsaga.testkit;

/**
 * Initialises logging on the calling thread before servers are started in parallel.
 *
 * <p>With jboss-logmanager on the class path but without
 * {@code -Djava.util.logging.manager=org.jboss.logmanager.LogManager} (plain {@code java}, an IDE
 * run), two threads that touch logging for the first time at once can deadlock inside the JDK's
 * and jboss-logmanager's initialisation. Doing it once, single-threaded, avoids that.
 */
final class LoggingWarmup {

    private static volatile boolean done;

    private LoggingWarmup() {
    }

    static synchronized void run() {
        if (done) {
            return;
        }
        java.util.logging.LogManager.getLogManager();
        System.getLogger(LoggingWarmup.class.getName()).isLoggable(System.Logger.Level.DEBUG);
        org.slf4j.LoggerFactory.getLogger(LoggingWarmup.class).isDebugEnabled();
        done = true;
    }
}
