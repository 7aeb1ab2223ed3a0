package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * postgresql.enabled=false / redis.enabled=false / kafka.enabled=false (and sandbox.enabled=false) render none of
 * the bundled server's objects, point every service at the external value given, and fail when that value is
 * missing.
 */
class ChartTogglesUseExternalServersTest {

    static Properties properties(Manifests m, String service) {
        ConfigMap cm = m.find("ConfigMap", service + "-config")
                .orElseThrow(() -> new AssertionError("no ConfigMap/" + service + "-config")).as(ConfigMap.class);
        Properties p = new Properties();
        try {
            p.load(new StringReader(cm.getData().get("application.properties")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    static List<String> objectsNamed(Manifests m, String... names) {
        List<String> out = new ArrayList<>();
        for (StrictManifests.Doc d : m.docs()) {
            for (String n : names) {
                var labels = d.resource().getMetadata().getLabels();
                boolean labelled = labels != null && n.equals(labels.get("app.kubernetes.io/name"))
                        && !"network".equals(labels.get("app.kubernetes.io/component"));
                if (n.equals(d.name()) || labelled) {
                    out.add(d.kind() + "/" + d.name());
                }
            }
        }
        return out;
    }

    @Test
    void externalPostgresql() {
        Manifests m = Chart.rendered("values.yaml", Chart.sets("postgresql.enabled", false,
                "postgresql.external.host", "db.example.com", "postgresql.external.port", 6432));
        List<String> left = objectsNamed(m, "postgresql", "postgresql-admin", "postgresql-init");
        assertEquals(List.of(), left, "postgresql.enabled=false still renders");
        for (String s : Services.NAMES) {
            Properties p = properties(m, s);
            String db = Chart.values("values.yaml").path("services").path(s).path("database").path("name").asText();
            assertEquals("jdbc:postgresql://db.example.com:6432/" + db, p.getProperty("quarkus.datasource.jdbc.url"),
                    s + " quarkus.datasource.jdbc.url");
            assertEquals("postgresql://db.example.com:6432/" + db, p.getProperty("quarkus.datasource.reactive.url"),
                    s + " quarkus.datasource.reactive.url");
        }
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Chart.template("values.yaml", Chart.sets("postgresql.enabled", false)));
        assertTrue(e.getMessage().contains("postgresql.external.host"), e.getMessage());
    }

    @Test
    void externalRedis() {
        Manifests m = Chart.rendered("values.yaml", Chart.sets("redis.enabled", false,
                "redis.external.url", "redis://cache.example.com:6380"));
        assertEquals(List.of(), objectsNamed(m, "redis"), "redis.enabled=false still renders");
        for (String s : Services.NAMES) {
            assertEquals("redis://cache.example.com:6380", properties(m, s).getProperty("quarkus.redis.hosts"),
                    s + " quarkus.redis.hosts");
        }
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Chart.template("values.yaml", Chart.sets("redis.enabled", false)));
        assertTrue(e.getMessage().contains("redis.external.url"), e.getMessage());
    }

    @Test
    void externalKafka() {
        Manifests m = Chart.rendered("values.yaml", Chart.sets("kafka.enabled", false,
                "kafka.external.bootstrapServers", "kafka-1.example.com:9092\\,kafka-2.example.com:9092"));
        List<String> strimzi = m.docs().stream()
                .filter(d -> d.resource().getApiVersion().startsWith("kafka.strimzi.io/"))
                .map(d -> d.kind() + "/" + d.name()).toList();
        assertEquals(List.of(), strimzi, "kafka.enabled=false still renders Strimzi resources");
        for (String s : Services.NAMES) {
            assertEquals("kafka-1.example.com:9092,kafka-2.example.com:9092",
                    properties(m, s).getProperty("kafka.bootstrap.servers"), s + " kafka.bootstrap.servers");
        }
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Chart.template("values.yaml", Chart.sets("kafka.enabled", false)));
        assertTrue(e.getMessage().contains("kafka.external.bootstrapServers"), e.getMessage());
    }

    @Test
    void externalProviders() {
        Manifests m = Chart.rendered("values.yaml", Chart.sets("sandbox.enabled", false,
                "providers.paymentUrl", "https://pay.example.com", "providers.carrierUrl", "https://ship.example.com"));
        assertEquals(List.of(), objectsNamed(m, "sandbox"), "sandbox.enabled=false still renders");
        assertEquals("https://pay.example.com",
                properties(m, "payment-service").getProperty("quarkus.rest-client.payment-provider.url"));
        assertEquals("https://ship.example.com",
                properties(m, "shipping-service").getProperty("quarkus.rest-client.carrier.url"));
    }

    @Test
    void allExternalTogetherStillRendersEveryService() {
        Map<String, Object> sets = Chart.sets("postgresql.enabled", false, "postgresql.external.host", "db",
                "redis.enabled", false, "redis.external.url", "redis://cache:6379", "kafka.enabled", false,
                "kafka.external.bootstrapServers", "kafka:9092");
        Manifests m = Chart.rendered("values-prod.yaml", sets);
        for (String s : Services.NAMES) {
            assertTrue(m.find("Deployment", s).isPresent(), "no Deployment/" + s + " with " + sets);
        }
    }
}
