package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * values.schema.json rejects values that would render a broken release: helm template fails, and its message
 * names the offending field. The control case (the defaults) renders, so each failure is the bad value's.
 */
class ChartSchemaRejectsBadValuesTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("a negative replica count", Chart.sets("services.order-service.replicas", -1), "replicas"),
                Arguments.of("zero replicas", Chart.sets("services.payment-service.replicas", 0), "replicas"),
                Arguments.of("an unknown top-level key", Chart.sets("replicaCount", 3), "replicaCount"),
                Arguments.of("an unknown key of a service", Chart.sets("services.order-service.replica", 2), "replica"),
                Arguments.of("zero replicas by default", Chart.sets("serviceDefaults.replicas", 0), "replicas"),
                Arguments.of("an unknown key of the service defaults", Chart.sets("serviceDefaults.database.name", "x"),
                        "database"),
                Arguments.of("a service without its database, Kafka access and config",
                        Chart.sets("services.billing-service.replicas", 1), "billing-service"),
                Arguments.of("a service whose name does not end in -service",
                        Chart.sets("services.billing.database.name", "billing", "services.billing.database.user", "billing",
                                "services.billing.kafka.produces[0]", "checkout.billing",
                                "services.billing.kafka.consumes[0]", "checkout.orders", "services.billing.config.a", "b"),
                        "billing"),
                Arguments.of("a service's Kafka access without the topics it produces",
                        Chart.sets("services.order-service.kafka.produces", null), "produces"),
                Arguments.of("a topic name with capitals", Chart.sets("services.order-service.kafka.consumes[0]", "Checkout.X"),
                        "consumes"),
                Arguments.of("a string where a number is expected",
                        Chart.sets("terminationGracePeriodSeconds", "thirty"), "terminationGracePeriodSeconds"),
                Arguments.of("a string where a boolean is expected", Chart.sets("postgresql.enabled", "maybe"),
                        "enabled"),
                Arguments.of("a missing image tag", Chart.sets("image.tag", null), "tag"),
                Arguments.of("an unknown image flavor", Chart.sets("image.flavor", "graal"), "flavor"),
                Arguments.of("an OTLP endpoint without scheme",
                        Chart.sets("observability.otlpEndpoint", "jaeger-collector.observability:4317"), "otlpEndpoint"),
                Arguments.of("a provider URL without scheme", Chart.sets("providers.paymentUrl", "pay.example.com"),
                        "paymentUrl"),
                Arguments.of("the sandbox (open fault and reset endpoints) in production",
                        Chart.sets("environment", "production"), "sandbox"),
                Arguments.of("an unknown environment", Chart.sets("environment", "staging"), "environment"),
                Arguments.of("too few PostgreSQL connections", Chart.sets("postgresql.maxConnections", 1),
                        "maxConnections"));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @MethodSource("badValues")
    void badValuesAreRejectedNamingTheField(String what, Map<String, Object> sets, String field) {
        Chart.rendered("values.yaml"); // the defaults render
        RuntimeException e = assertThrows(RuntimeException.class, () -> Chart.template("values.yaml", sets),
                () -> "helm template --set " + sets + " (" + what + ") rendered; values.schema.json should reject it");
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(field), () -> "helm template --set " + sets + " failed, but its message does not name "
                + field + ": " + message);
    }
}
