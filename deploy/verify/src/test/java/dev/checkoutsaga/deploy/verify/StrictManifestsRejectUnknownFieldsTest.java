package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.chaosmesh.v1alpha1.PodChaos;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/** The strict parser itself: unknown fields, wrong scalar types and unknown kinds fail; correct documents parse. */
class StrictManifestsRejectUnknownFieldsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: order-service
            spec:
              %s: 2
              selector:
                matchLabels: {app.kubernetes.io/name: order-service}
              template:
                metadata:
                  labels: {app.kubernetes.io/name: order-service}
                spec:
                  containers:
                    - name: app
                      image: checkout-saga/order-service:0.1.0
                      ports: [{name: http, containerPort: 8080}]
                      resources:
                        requests: {cpu: 100m, memory: 256Mi}
                      env:
                        - {name: DB_URL, value: %s}
            """;

    @Test
    void aCorrectDeploymentParses() {
        List<StrictManifests.Doc> docs = StrictManifests.parseAll(DEPLOYMENT.formatted("replicas", "\"x\""), "test");
        assertEquals(1, docs.size());
        Deployment d = docs.get(0).as(Deployment.class);
        assertEquals(2, d.getSpec().getReplicas());
        assertEquals("256Mi", d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests()
                .get("memory").toString());
    }

    @Test
    void aMisspelledDeploymentFieldFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> StrictManifests.parseAll(DEPLOYMENT.formatted("replica", "\"x\""), "test"));
        assertTrue(e.getMessage().contains("replica") && e.getMessage().contains("Deployment/order-service"),
                e.getMessage());
    }

    @Test
    void aNumberWhereTheApiWantsAStringFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> StrictManifests.parseAll(DEPLOYMENT.formatted("replicas", "5432"), "test"));
        assertTrue(e.getMessage().contains("value"), e.getMessage());
    }

    @Test
    void aDuplicateKeyFails() {
        assertThrows(AssertionError.class, () -> StrictManifests.parseAll("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                data: {x: "1"}
                data: {y: "2"}
                """, "test"));
    }

    private static final String POD_CHAOS = """
            apiVersion: chaos-mesh.org/v1alpha1
            kind: PodChaos
            metadata: {name: kill-payment, namespace: checkout}
            spec:
              action: pod-kill
              mode: one
              %s:
                namespaces: [checkout]
                labelSelectors: {app.kubernetes.io/name: payment-service}
            """;

    @Test
    void aCorrectPodChaosParsesAndAnUnknownFieldFails() {
        PodChaos ok = StrictManifests.parseAll(POD_CHAOS.formatted("selector"), "test").get(0).as(PodChaos.class);
        assertEquals("payment-service", ok.getSpec().getSelector().getLabelSelectors().get("app.kubernetes.io/name"));
        AssertionError e = assertThrows(AssertionError.class,
                () -> StrictManifests.parseAll(POD_CHAOS.formatted("selectors"), "test"));
        assertTrue(e.getMessage().contains("selectors") && e.getMessage().contains("PodChaos/kill-payment"),
                e.getMessage());
    }

    private static final String TOPIC = """
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaTopic
            metadata:
              name: checkout.orders
              labels: {strimzi.io/cluster: checkout-kafka}
            spec:
              partitions: 6
              %s: 3
              config: {retention.ms: 604800000}
            """;

    @Test
    void aCorrectKafkaTopicParsesAndAnUnknownSpecFieldFails() {
        KafkaTopic ok = StrictManifests.parseAll(TOPIC.formatted("replicas"), "test").get(0).as(KafkaTopic.class);
        assertEquals(3, ok.getSpec().getReplicas());
        AssertionError e = assertThrows(AssertionError.class,
                () -> StrictManifests.parseAll(TOPIC.formatted("replicationFactor"), "test"));
        assertTrue(e.getMessage().contains("replicationFactor"), e.getMessage());
    }

    @Test
    void anUnknownKindFails() {
        AssertionError e = assertThrows(AssertionError.class, () -> StrictManifests.parseAll("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """, "test"));
        assertTrue(e.getMessage().contains("example.com/v1/Widget"), e.getMessage());
        // an old apiVersion of a known kind is unknown too
        assertThrows(AssertionError.class, () -> StrictManifests.parseAll("""
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: h}
                """, "test"));
    }
}
