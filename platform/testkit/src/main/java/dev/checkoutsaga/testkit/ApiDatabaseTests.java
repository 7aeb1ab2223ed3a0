package dev.checkoutsaga.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.restassured.response.Response;

/**
 * The contract of a participant's REST API when its database cannot answer (platform/outbox
 * {@code ApiDatabase}, breaker {@code api-database}): a 503 problem with Retry-After, never a 500
 * and never a request held until PostgreSQL gives up; after enough of them the breaker opens and
 * answers at once without asking the database; once the database answers again, so does the API.
 * "Cannot answer" is played by a table lock that another connection holds, so that the statement
 * hangs (a refused connection would fail at once and prove nothing about the bound). An API test
 * class implements this interface to run it against its own service and real servers.
 */
public interface ApiDatabaseTests {
    String BREAKER = "method=\"api-database\"";

    /** The table every {@link #readThroughApi()} must read. */
    String tableTheReadNeeds();

    /** One authorized read of the API that would answer 200 (e.g. a record that exists). */
    Response readThroughApi();

    @Test
    default void aDatabaseThatCannotAnswerIsA503WithRetryAfterThenTheBreakerAnswersAtOnceAndTheApiRecovers() {
        assertEquals(200, readThroughApi().statusCode(), "the read works before the fault");
        double opened = PrometheusText.scrape("ft_circuitbreaker_opened_total", BREAKER);
        double refused = PrometheusText.scrape("ft_circuitbreaker_calls_total", BREAKER, "circuitBreakerOpen");
        try (var lock = Outages.lockTable(tableTheReadNeeds())) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
                Response answer = readThroughApi();
                assertEquals(503, answer.statusCode(), answer.asString());
                assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
                assertNotNull(answer.header("Retry-After"), "Retry-After");
                return PrometheusText.scrape("ft_circuitbreaker_opened_total", BREAKER) > opened;
            });
            Response whileOpen = readThroughApi();
            assertEquals(503, whileOpen.statusCode(), whileOpen.asString());
            assertTrue(PrometheusText.scrape("ft_circuitbreaker_calls_total", BREAKER, "circuitBreakerOpen") > refused,
                    "the open breaker answered without asking the database");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> readThroughApi().statusCode() == 200);
    }
}
