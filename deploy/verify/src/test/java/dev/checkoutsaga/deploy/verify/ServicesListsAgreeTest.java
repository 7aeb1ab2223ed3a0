package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.testkit.LocalServices;

/**
 * The saga's services are listed in three places that cannot read one another: deploy/services.txt (the tools: the
 * local stack, e2e, deploy/verify's {@link Services#NAMES}), the event contract's {@link SagaMap#SERVICES} (the code)
 * and the chart's {@code services} (the cluster). They must name the same services, and services.txt's database of
 * each must be the chart's {@code services.<name>.database} (name and login, as deploy/k8s/create-secrets assumes)
 * and the one the service's own
 * application.properties points at, on the port it lists.
 */
class ServicesListsAgreeTest {

    static final java.util.List<LocalServices.Service> LISTED = Services.LISTED;

    static Set<String> chartServices() {
        Set<String> names = new TreeSet<>();
        Chart.values("values.yaml").path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void servicesTxtTheSagaMapAndTheChartNameTheSameServices() {
        Set<String> listed = new TreeSet<>(Services.NAMES);
        assertEquals(Services.NAMES.size(), listed.size(), LocalServices.FILE + " lists a service twice: " + Services.NAMES);
        assertEquals(new TreeSet<>(SagaMap.SERVICES), listed, LocalServices.FILE + " against SagaMap.SERVICES");
        assertEquals(chartServices(), listed, LocalServices.FILE + " against the chart's values.yaml `services`");
    }

    @Test
    void eachServicesDatabaseIsTheChartsDatabase() {
        Map<String, String> listed = new TreeMap<>();
        Map<String, String> chart = new TreeMap<>();
        JsonNode services = Chart.values("values.yaml").path("services");
        for (LocalServices.Service s : LISTED) {
            listed.put(s.name(), s.database());
            chart.put(s.name(), services.path(s.name()).path("database").path("name").asText(null));
        }
        assertEquals(chart, listed, LocalServices.FILE + "'s databases against values.yaml's services.<name>.database.name");
        Map<String, String> logins = new TreeMap<>();
        for (LocalServices.Service s : LISTED) {
            logins.put(s.name(), services.path(s.name()).path("database").path("user").asText(null));
        }
        assertEquals(listed, logins, "deploy/k8s/create-secrets gives each service's <name>-db Secret its database's name"
                + " as login: values.yaml's services.<name>.database.user must be it");
    }

    /**
     * A new participant is one block in values.yaml's {@code services}: database, kafka, config. Everything else the
     * chart renders for a service comes from serviceDefaults (production's with values-prod.yaml) and the block: its
     * workload with the default sizing, HPA and PDB, Service, NetworkPolicy, KafkaUser with its ACLs, its topic and
     * dead-letter topic, its database login's Secret reference.
     */
    @Test
    void aServiceOfJustDatabaseKafkaAndConfigGetsEverythingElseFromTheDefaults() {
        Manifests m = Chart.rendered("values-prod.yaml", Chart.sets(
                "services.fraud-service.database.name", "fraud", "services.fraud-service.database.user", "fraud",
                "services.fraud-service.kafka.produces[0]", "checkout.fraud",
                "services.fraud-service.kafka.consumes[0]", "checkout.inventory",
                "services.fraud-service.kafka.consumes[1]", "checkout.orders",
                "services.fraud-service.config.saga\\.outbox\\.send-timeout", "5s"));
        for (String kind : new String[] {"ServiceAccount", "Deployment", "Service", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "NetworkPolicy", "KafkaUser"}) {
            assertTrue(m.find(kind, "fraud-service").isPresent(), kind + "/fraud-service is not rendered");
        }
        assertTrue(m.find("KafkaTopic", "checkout.fraud").isPresent(), "the topic it produces is not created");
        assertTrue(m.find("KafkaTopic", "checkout.dlq.fraud-service").isPresent(), "its dead-letter topic is not created");
        var newOne = m.find("HorizontalPodAutoscaler", "fraud-service").orElseThrow().tree().path("spec");
        var shipping = m.find("HorizontalPodAutoscaler", "shipping-service").orElseThrow().tree().path("spec");
        assertEquals(shipping.path("minReplicas"), newOne.path("minReplicas"), "production's default HPA");
        assertEquals(shipping.path("maxReplicas"), newOne.path("maxReplicas"), "production's default HPA");
        JsonNode resources = m.find("Deployment", "fraud-service").orElseThrow().tree()
                .path("spec").path("template").path("spec").path("containers").path(0).path("resources");
        assertEquals(Chart.values("values-prod.yaml").path("serviceDefaults").path("resources"), resources,
                "production's default resources");
        assertTrue(ChartTogglesUseExternalServersTest.properties(m, "fraud-service").getProperty(
                "quarkus.datasource.jdbc.url").endsWith("/fraud"), "its database");
    }

    @ParameterizedTest
    @FieldSource("LISTED")
    void theServicesOwnConfigurationRunsItOnItsListedPortAndDatabase(LocalServices.Service service) {
        Map<String, String> props = Services.config(service.name()).properties();
        assertEquals(service.name(), props.get("quarkus.application.name"), service.name() + " quarkus.application.name");
        assertEquals(String.valueOf(service.port()), props.get("quarkus.http.port"), service.name() + " quarkus.http.port");
        for (String key : new String[] {"quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url"}) {
            String url = props.getOrDefault(key, "");
            assertTrue(url.replaceAll("}$", "").endsWith("/" + service.database()),
                    () -> service.name() + " " + key + "=" + url + " is not database " + service.database());
        }
    }
}
