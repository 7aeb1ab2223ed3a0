package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.checkoutsaga.sealing.PaymentTokens;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * The card token's key ring reaches order-service and payment-service and no other workload; the
 * chart's Redis requires the password every service connects with; at install the chart renders a
 * key ring the services accept (and none with secrets.create=false, which expects them to exist).
 */
class SecretsReachOnlyTheirHoldersTest {
    static final List<String> KEY_RING_HOLDERS = List.of("order-service", "payment-service");

    @ParameterizedTest
    @ValueSource(strings = {"values.yaml", "values-dev.yaml", "values-prod.yaml"})
    void onlyOrderAndPaymentServiceReadTheCardTokensKeyRing(String values) {
        Manifests m = Chart.rendered(values);
        Map<String, String> readers = m.workloads().stream()
                .flatMap(w -> w.template().getSpec().getContainers().stream()
                        .filter(c -> secretOf(c, "CHECKOUT_PAYMENT_TOKEN_KEYS").isPresent())
                        .map(c -> Map.entry(w.name(), secretOf(c, "CHECKOUT_PAYMENT_TOKEN_KEYS").orElseThrow())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of("order-service", "payment-token-keys/keys", "payment-service", "payment-token-keys/keys"),
                readers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"values.yaml", "values-prod.yaml"})
    void redisRequiresThePasswordEveryServiceConnectsWith(String values) {
        Manifests m = Chart.rendered(values);
        Container redis = m.find("StatefulSet", "redis").orElseThrow().as(StatefulSet.class)
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(String.join(" ", redis.getArgs()).contains("--requirepass $(REDIS_PASSWORD)"), redis.getArgs().toString());
        assertEquals(Optional.of("redis/password"), secretOf(redis, "REDIS_PASSWORD"));
        assertEquals(Optional.of("redis/password"), secretOf(redis, "REDISCLI_AUTH"), "the probes' redis-cli authenticates");
        for (String service : Services.NAMES) {
            Container c = m.find("Deployment", service).orElseThrow().as(io.fabric8.kubernetes.api.model.apps.Deployment.class)
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(Optional.of("redis/password"), secretOf(c, "QUARKUS_REDIS_PASSWORD"), service);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"values.yaml", "values-dev.yaml"})
    void anInstallRendersAKeyRingTheServicesAcceptAndARedisPassword(String values) {
        Manifests m = Chart.rendered(values);
        String ring = decoded(m, "payment-token-keys", "keys");
        assertTrue(ring.startsWith("chart-1:"), "one key, id chart-1");
        PaymentTokens tokens = new PaymentTokens(ring); // refuses anything but id:base64 of 32 bytes
        UUID order = UUID.randomUUID();
        assertEquals("tok_visa", tokens.open(order, tokens.seal(order, "tok_visa")));
        assertTrue(decoded(m, "redis", "password").length() >= 32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"values-prod.yaml"})
    void withSecretsManagedOutsideTheChartNoneIsRendered(String values) {
        assertEquals(List.of(), Chart.rendered(values).docsOf("Secret").stream().map(StrictManifests.Doc::name).toList());
    }

    private static String decoded(Manifests m, String secret, String key) {
        Secret s = m.find("Secret", secret).orElseThrow(() -> new AssertionError("no Secret/" + secret)).as(Secret.class);
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static Optional<String> secretOf(Container c, String variable) {
        return c.getEnv() == null ? Optional.empty() : c.getEnv().stream()
                .filter(e -> e.getName().equals(variable) && e.getValueFrom() != null
                        && e.getValueFrom().getSecretKeyRef() != null)
                .map(EnvVar::getValueFrom)
                .map(v -> v.getSecretKeyRef().getName() + "/" + v.getSecretKeyRef().getKey())
                .findFirst();
    }
}
