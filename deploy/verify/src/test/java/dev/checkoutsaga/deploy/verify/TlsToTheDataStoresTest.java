package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;

/**
 * postgresql/redis/kafka.tls: every service verifies the store's certificate against the CA its
 * Secret holds, mounted where the configuration points (sslmode verify-full for JDBC and the reactive
 * pool, rediss with a PEM trust store, Kafka's PEM trust store with SASL_SSL); the bundled Kafka
 * moves to a TLS listener; the bundled PostgreSQL and Redis, which serve no TLS, are refused.
 */
class TlsToTheDataStoresTest {

    @Test
    void everyServiceVerifiesEachStoreAgainstTheCaItsSecretHolds() {
        Manifests m = Renderings.externalServersOverTls().get();
        for (String s : Services.NAMES) {
            Properties p = ChartTogglesUseExternalServersTest.properties(m, s);
            assertTrue(p.getProperty("quarkus.datasource.jdbc.url").endsWith(
                    "?sslmode=verify-full&sslrootcert=/etc/checkout-tls/postgresql/ca.crt"), s);
            assertEquals("verify-full", p.getProperty("quarkus.datasource.reactive.postgresql.ssl-mode"), s);
            assertEquals("/etc/checkout-tls/postgresql/ca.crt", p.getProperty("quarkus.datasource.reactive.trust-certificate-pem.certs"));
            assertEquals("rediss://cache.example.com:6380", p.getProperty("quarkus.redis.hosts"));
            assertEquals("true", p.getProperty("quarkus.redis.tls.enabled"));
            assertEquals("/etc/checkout-tls/redis/ca.crt", p.getProperty("quarkus.redis.tls.trust-certificate-pem.certs"));
            assertEquals("SASL_SSL", p.getProperty("kafka.security.protocol"));
            assertEquals("PEM", p.getProperty("kafka.ssl.truststore.type"));
            assertEquals("/etc/checkout-tls/kafka/ca.crt", p.getProperty("kafka.ssl.truststore.location"));
            assertEquals(Map.of("/etc/checkout-tls/postgresql", "db-ca", "/etc/checkout-tls/redis", "cache-ca",
                    "/etc/checkout-tls/kafka", "kafka-ca"), caMounts(m, s), s);
        }
    }

    @Test
    void theBundledKafkaServesTlsOn9093AndTheServicesTrustStrimzisClusterCa() {
        Manifests m = Chart.rendered("values-prod.yaml", Chart.sets("kafka.tls.enabled", true));
        var listener = m.docsOf("Kafka").get(0).as(Kafka.class).getSpec().getKafka().getListeners().get(0);
        assertEquals(9093, listener.getPort());
        assertTrue(listener.isTls());
        Properties p = ChartTogglesUseExternalServersTest.properties(m, "payment-service");
        assertEquals("checkout-kafka-kafka-bootstrap:9093", p.getProperty("kafka.bootstrap.servers"));
        assertEquals("SASL_SSL", p.getProperty("kafka.security.protocol"));
        assertEquals(Map.of("/etc/checkout-tls/kafka", "checkout-kafka-cluster-ca-cert"), caMounts(m, "payment-service"));
        assertTrue(m.all(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class).stream()
                .filter(np -> np.getMetadata().getName().equals("payment-service"))
                .flatMap(np -> np.getSpec().getEgress().stream())
                .anyMatch(e -> e.getPorts().stream().anyMatch(port -> port.getPort().getIntVal() == 9093)),
                "the egress policy follows the listener");
    }

    @Test
    void offNothingIsMountedAndThePackagedPlainConnectionsStay() {
        Manifests m = Chart.rendered("values-prod.yaml");
        for (String s : Services.NAMES) {
            assertEquals(Map.of(), caMounts(m, s), s);
            Properties p = ChartTogglesUseExternalServersTest.properties(m, s);
            assertTrue(!p.containsKey("quarkus.datasource.reactive.postgresql.ssl-mode") && !p.containsKey("quarkus.redis.tls.enabled"));
        }
    }

    @Test
    void theBundledPostgresqlAndRedisServeNoTlsSoAskingForItFails() {
        RuntimeException pg = assertThrows(RuntimeException.class, () -> Chart.template("values.yaml",
                Chart.sets("postgresql.tls.enabled", true, "postgresql.tls.caSecret", "db-ca")));
        assertTrue(pg.getMessage().contains("the bundled PostgreSQL serves no TLS"), pg.getMessage());
        RuntimeException redis = assertThrows(RuntimeException.class, () -> Chart.template("values.yaml",
                Chart.sets("redis.tls.enabled", true, "redis.tls.caSecret", "cache-ca")));
        assertTrue(redis.getMessage().contains("the bundled Redis serves no TLS"), redis.getMessage());
        RuntimeException plain = assertThrows(RuntimeException.class, () -> Chart.template("values.yaml",
                Chart.sets("redis.enabled", false, "redis.external.url", "redis://cache.example.com:6379",
                        "redis.tls.enabled", true, "redis.tls.caSecret", "cache-ca")));
        assertTrue(plain.getMessage().contains("rediss://"), plain.getMessage());
    }

    /** mount path -> Secret of each CA volume of the service's container. */
    private static Map<String, String> caMounts(Manifests m, String service) {
        PodSpec pod = m.find("Deployment", service).orElseThrow().as(Deployment.class).getSpec().getTemplate().getSpec();
        Map<String, String> out = new TreeMap<>();
        pod.getContainers().get(0).getVolumeMounts().stream().filter(v -> v.getName().startsWith("tls-")).forEach(v ->
                out.put(v.getMountPath(), pod.getVolumes().stream().filter(vol -> vol.getName().equals(v.getName()))
                        .findFirst().orElseThrow().getSecret().getSecretName()));
        return out;
    }
}
