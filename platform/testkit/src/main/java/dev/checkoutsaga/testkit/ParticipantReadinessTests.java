package dev.checkoutsaga.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The readiness contract of a saga participant (inventory, payment, shipping), docs/design.md section 4:
 * readiness answers "can this service serve its API?". Without Redis everything works and without
 * Kafka the API works (the saga waits), so neither may take the pod out of the Service; without
 * PostgreSQL nothing can be served. A service's health test implements this interface to run these
 * tests against its own real servers.
 */
public interface ParticipantReadinessTests {

    /** The HTTP status of {@code GET /q/health/ready} of the service under test. */
    int readinessStatus();

    @Test
    default void readinessStaysUpWhileRedisOrKafkaIsDown() {
        assertEquals(200, Outages.whileRedisIsDown(this::readinessStatus));
        assertEquals(200, Outages.whileKafkaIsDown(this::readinessStatus));
    }

    @Test
    default void readinessIsDownWhilePostgresIsDownAndUpAgainAfter() throws InterruptedException {
        assertEquals(503, Outages.whilePostgresIsDown(this::readinessStatus));
        long end = System.nanoTime() + 30_000_000_000L;
        while (readinessStatus() != 200) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not ready 30 s after PostgreSQL came back");
            }
            Thread.sleep(200);
        }
    }
}
