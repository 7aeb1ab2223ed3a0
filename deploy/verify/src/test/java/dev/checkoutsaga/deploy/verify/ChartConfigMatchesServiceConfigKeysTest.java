package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * The configuration the chart (and each overlay) gives a service is configuration the service reads: every key of a
 * mounted application.properties and every environment variable is declared by the service's own
 * src/main/resources/application.properties or the platform defaults it gets with platform/outbox and platform/web (as a property,
 * its environment form, or a ${VARIABLE} it references),
 * and every key a service needs in a cluster (a default pointing at localhost, the database credentials) is set.
 */
class ChartConfigMatchesServiceConfigKeysTest {

    /**
     * Environment variables a service container may carry although no application.properties declares them. Keep
     * this minimal: each entry is read by something other than the service's own configuration.
     */
    static final Map<String, String> ENV_ALLOWED = Map.of(
            // read by the UBI OpenJDK image's run-java launcher (JVM flags), not by Quarkus
            "JAVA_OPTS_APPEND", "run-java launcher of the JVM image",
            // selects the configuration profile; it is not a property of the file
            "QUARKUS_PROFILE", "profile selection",
            // tells Quarkus where the mounted application.properties is; a location, not a service setting
            "QUARKUS_CONFIG_LOCATIONS", "location of the mounted application.properties");

    /** Keys of a mounted application.properties that are not settings: SmallRye's ordinal of that file. */
    static final Set<String> PROPERTIES_ALLOWED = Set.of("config_ordinal");

    static List<Renderings.Rendering> renderings() {
        return Renderings.allWithExternalServers();
    }

    /** What one Deployment's containers are given: env names (explicit and envFrom) and mounted properties. */
    record GivenConfig(Map<String, String> envNames, Map<String, String> properties) {
    }

    static GivenConfig given(Manifests m, Manifests.Workload w) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> props = new LinkedHashMap<>();
        for (Container c : w.template().getSpec().getContainers()) {
            String at = w.kind() + "/" + w.name() + " container " + c.getName();
            if (c.getEnv() != null) {
                for (EnvVar e : c.getEnv()) {
                    env.put(e.getName(), at + " env " + e.getName());
                }
            }
            if (c.getEnvFrom() != null) {
                for (EnvFromSource ef : c.getEnvFrom()) {
                    String prefix = ef.getPrefix() == null ? "" : ef.getPrefix();
                    if (ef.getConfigMapRef() != null) {
                        ConfigMap cm = m.find("ConfigMap", ef.getConfigMapRef().getName())
                                .orElseThrow(() -> new AssertionError(at + " envFrom ConfigMap "
                                        + ef.getConfigMapRef().getName() + " which is not rendered"))
                                .as(ConfigMap.class);
                        if (cm.getData() != null) {
                            cm.getData().keySet().forEach(k -> env.put(prefix + k, at + " envFrom ConfigMap/"
                                    + cm.getMetadata().getName() + " key " + k));
                        }
                    }
                    if (ef.getSecretRef() != null) {
                        m.find("Secret", ef.getSecretRef().getName()).ifPresent(d -> {
                            Secret s = d.as(Secret.class);
                            for (Map<String, String> data : new ArrayList<>(List.of(
                                    s.getData() == null ? Map.<String, String>of() : s.getData(),
                                    s.getStringData() == null ? Map.<String, String>of() : s.getStringData()))) {
                                data.keySet().forEach(k -> env.put(prefix + k, at + " envFrom Secret/"
                                        + s.getMetadata().getName() + " key " + k));
                            }
                        });
                    }
                }
            }
        }
        if (w.template().getSpec().getVolumes() != null) {
            for (Volume v : w.template().getSpec().getVolumes()) {
                if (v.getConfigMap() == null) {
                    continue;
                }
                ConfigMap cm = m.find("ConfigMap", v.getConfigMap().getName())
                        .orElseThrow(() -> new AssertionError(w.kind() + "/" + w.name() + " mounts ConfigMap "
                                + v.getConfigMap().getName() + " which is not rendered"))
                        .as(ConfigMap.class);
                if (cm.getData() == null) {
                    continue;
                }
                cm.getData().forEach((file, content) -> {
                    if (file.endsWith(".properties")) {
                        Properties p = new Properties();
                        try {
                            p.load(new StringReader(content));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
                    }
                });
            }
        }
        return new GivenConfig(env, props);
    }

    @ParameterizedTest(name = "{0}: no key a service does not read")
    @MethodSource("renderings")
    void everyKeyGivenIsDeclaredByTheService(Renderings.Rendering r) {
        Manifests m = r.get();
        List<String> problems = new ArrayList<>();
        for (String service : withSandbox()) {
            Manifests.Workload w = deployment(m, service);
            if (w == null && service.equals(Services.SANDBOX)) {
                continue; // production has none (environment: production refuses it)
            }
            if (w == null) {
                problems.add("no Deployment/" + service);
                continue;
            }
            Services.ServiceConfig declared = Services.config(service);
            GivenConfig given = given(m, w);
            given.envNames().forEach((name, at) -> {
                if (!ENV_ALLOWED.containsKey(name) && !declared.declares(name)) {
                    problems.add(at + ": " + name + " is not read by " + service + " (not declared in "
                            + Services.moduleDir(service) + "/src/main/resources/application.properties nor in "
                            + String.join(" nor in ", Services.PLATFORM_DEFAULTS) + ")");
                }
            });
            given.properties().forEach((key, value) -> {
                if (!PROPERTIES_ALLOWED.contains(key) && !declared.declares(key)) {
                    problems.add("Deployment/" + service + " mounted application.properties: " + key
                            + " is not read by " + service + " (not declared in " + Services.moduleDir(service)
                            + "/src/main/resources/application.properties)");
                }
            });
        }
        assertTrue(problems.isEmpty(), () -> r + ":\n  " + String.join("\n  ", problems));
    }

    @ParameterizedTest(name = "{0}: every key a service needs in a cluster is set")
    @MethodSource("renderings")
    void everyKeyAServiceNeedsInProdIsSet(Renderings.Rendering r) {
        Manifests m = r.get();
        List<String> problems = new ArrayList<>();
        for (String service : Services.NAMES) {
            Manifests.Workload w = deployment(m, service);
            if (w == null) {
                problems.add("no Deployment/" + service);
                continue;
            }
            GivenConfig given = given(m, w);
            for (Services.Requirement req : Services.config(service).required()) {
                boolean set = req.satisfiedBy().stream()
                        .anyMatch(k -> given.envNames().containsKey(k) || given.properties().containsKey(k));
                if (!set) {
                    problems.add("Deployment/" + service + " does not set " + req.property() + " (" + req.why()
                            + "); any of " + req.satisfiedBy() + " would do");
                }
                String value = given.properties().get(req.property());
                if (value != null && (value.contains("localhost") || value.contains("127.0.0.1"))) {
                    problems.add("Deployment/" + service + " sets " + req.property() + "=" + value
                            + ", which points at localhost");
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> r + ":\n  " + String.join("\n  ", problems));
    }

    static List<String> withSandbox() {
        List<String> all = new ArrayList<>(Services.NAMES);
        all.add(Services.SANDBOX);
        return all;
    }

    static Manifests.Workload deployment(Manifests m, String name) {
        return m.workloads().stream().filter(w -> w.kind().equals("Deployment") && w.name().equals(name)).findFirst()
                .orElse(null);
    }
}
