package dev.checkoutsaga.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.app.RoundTripBean;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** The kit inside Quarkus' test class loading: Kafka connector, Redis client, reactive PG pool. */
@QuarkusTest
@QuarkusTestResource(value = CheckoutInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "testkit_quarkus"),
        restrictToAnnotatedClass = false)
class QuarkusInfraTest {

    @Inject
    RoundTripBean bean;

    @Inject
    RedisDataSource redis;

    @Inject
    Pool pool;

    @Test
    void kafkaRoundTrip() throws Exception {
        String value = "hello-" + UUID.randomUUID();
        bean.send(value).toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> bean.received().contains(value));
    }

    @Test
    void redisSetGet() {
        redis.value(String.class).set("quarkus-key", "quarkus-value");
        assertEquals("quarkus-value", redis.value(String.class).get("quarkus-key"));
    }

    @Test
    void reactivePgSelectOne() {
        int one = pool.query("select 1").execute().await().atMost(Duration.ofSeconds(30))
                .iterator().next().getInteger(0);
        assertEquals(1, one);
    }

    @Test
    void readinessIsUp() {
        given().when().get("/q/health/ready").then().log().ifValidationFails()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Kafka connection health check",
                        "Redis connection health check", "Reactive PostgreSQL connections health check"))
                .body("checks.status", everyItem(equalTo("UP")));
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Test classes see Quarkus' copy of TestInfra; it must share the JVM-wide servers. */
    @Test
    void oneSetOfServersPerJvm() throws Exception {
        assertNotSame(ClassLoader.getSystemClassLoader(), TestInfra.class.getClassLoader());
        Object shared = ClassLoader.getSystemClassLoader().loadClass(TestInfra.class.getName())
                .getMethod("get").invoke(null);
        Object sharedKafka = shared.getClass().getMethod("kafka").invoke(shared);
        String sharedBootstrap = (String) sharedKafka.getClass().getMethod("bootstrapServers").invoke(sharedKafka);
        assertEquals(sharedBootstrap, bootstrapServers);
        assertEquals(sharedBootstrap, TestInfra.get().kafka().bootstrapServers());
        assertTrue(TestInfra.get().kafka().isRunning());
    }
}
