package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * identity.keycloak.enabled deploys the issuer with the very realm the local stack imports, and the
 * services use it: their OIDC_AUTH_SERVER_URL is the in-release Service, tokens name the configured
 * public hostname. Off (the default, and production): no Keycloak object, the configured issuer.
 */
class KeycloakInTheReleaseTest {
    static final Manifests WITH = Renderings.withKeycloak().get();

    @Test
    void theRealmIsTheRepositorysRealmFile() {
        ConfigMap realm = WITH.find("ConfigMap", "keycloak-realm").orElseThrow().as(ConfigMap.class);
        assertEquals(Repo.read(Repo.path(Chart.DIR + "/files/keycloak/checkout-realm.json")).strip(),
                realm.getData().get("checkout-realm.json").strip());
        Container kc = keycloak().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(kc.getArgs().containsAll(List.of("start-dev", "--import-realm")), kc.getArgs().toString());
        assertTrue(kc.getVolumeMounts().stream().anyMatch(v -> v.getName().equals("realm")
                && v.getMountPath().equals("/opt/keycloak/data/import")));
        assertEquals("http://localhost:8380", env(kc, "KC_HOSTNAME").getValue());
        assertEquals("keycloak-admin/password", secretOf(env(kc, "KC_BOOTSTRAP_ADMIN_PASSWORD")));
        assertTrue(WITH.find("Secret", "keycloak-admin").isPresent(), "secrets.create renders the admin's password");
    }

    @Test
    void theServicesFetchKeysFromTheReleasesKeycloak() {
        Service svc = WITH.find("Service", "keycloak").orElseThrow().as(Service.class);
        assertEquals(8080, svc.getSpec().getPorts().get(0).getPort());
        Map<String, String> podLabels = keycloak().getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(svc.getSpec().getSelector().entrySet().stream()
                .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey()))), "the Service selects Keycloak's pod");
        for (String s : Services.NAMES) {
            Container c = WITH.find("Deployment", s).orElseThrow().as(Deployment.class)
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("http://keycloak:8080/realms/checkout", env(c, "OIDC_AUTH_SERVER_URL").getValue(), s);
        }
    }

    @Test
    void offItRendersNoKeycloakAndTheServicesUseTheConfiguredIssuer() {
        for (String values : Chart.VALUES_FILES) {
            Manifests m = Chart.rendered(values);
            assertTrue(m.find("Deployment", "keycloak").isEmpty(), values);
            Container c = m.find("Deployment", "order-service").orElseThrow().as(Deployment.class)
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(Chart.values(values).path("identity").path("authServerUrl").asText(),
                    env(c, "OIDC_AUTH_SERVER_URL").getValue(), values);
        }
    }

    private static Deployment keycloak() {
        return WITH.find("Deployment", "keycloak").orElseThrow().as(Deployment.class);
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name));
    }

    private static String secretOf(EnvVar e) {
        return e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey();
    }
}
