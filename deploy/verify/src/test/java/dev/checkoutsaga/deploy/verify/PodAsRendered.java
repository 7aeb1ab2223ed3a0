package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * What the container of one rendered Deployment is given, reproduced outside a cluster: the
 * application.properties its ConfigMap mounts at /etc/checkout, and its environment.
 */
final class PodAsRendered {
    private static final String MOUNT = "/etc/checkout/application.properties";

    private final String app;
    private final String properties;
    private final Container container;

    private PodAsRendered(String app, String properties, Container container) {
        this.app = app;
        this.properties = properties;
        this.container = container;
    }

    static PodAsRendered of(Manifests chart, String app) {
        String properties = ((ConfigMap) chart.find("ConfigMap", app + "-config").orElseThrow().resource())
                .getData().get("application.properties");
        Container container = ((Deployment) chart.find("Deployment", app).orElseThrow().resource())
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        return new PodAsRendered(app, properties, container);
    }

    /**
     * Writes the mounted file to {@code file} with the values of the keys in {@code moved} replaced in
     * place (only keys the chart sets); returns the keys it replaced.
     */
    Set<String> writeProperties(Path file, Map<String, String> moved) throws IOException {
        Set<String> replaced = new TreeSet<>();
        StringBuilder out = new StringBuilder();
        for (String line : properties.split("\n")) {
            int eq = line.indexOf('=');
            String key = line.startsWith("#") || eq < 0 ? null : line.substring(0, eq);
            if (key != null && moved.containsKey(key)) {
                out.append(key).append('=').append(moved.get(key)).append('\n');
                replaced.add(key);
            } else {
                out.append(line).append('\n');
            }
        }
        Files.writeString(file, out);
        return replaced;
    }

    /**
     * The container's environment: plain values as rendered, QUARKUS_CONFIG_LOCATIONS naming
     * {@code mounted} instead of the mount path, Secret-backed variables from {@code secrets} (each
     * one the chart asks for must be given), pod fields (downward API) as a stand-in value. JAVA_OPTS_APPEND is left out: see {@link #javaOpts()}.
     */
    Map<String, String> environment(Path mounted, Map<String, String> secrets) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : container.getEnv()) {
            if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
                // the downward API: this pod's own fields, e.g. its name
                env.put(e.getName(), app + "-" + e.getValueFrom().getFieldRef().getFieldPath().replaceAll("[^a-z]", ""));
            } else if (e.getValueFrom() != null) {
                assertTrue(secrets.containsKey(e.getName()), app + " reads " + e.getName() + " from a Secret the test does not give");
                env.put(e.getName(), secrets.get(e.getName()));
            } else if (e.getName().equals("QUARKUS_CONFIG_LOCATIONS")) {
                assertEquals(MOUNT, e.getValue(), app + " QUARKUS_CONFIG_LOCATIONS");
                env.put(e.getName(), mounted.toString());
            } else if (!e.getName().equals("JAVA_OPTS_APPEND")) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    /** The JVM flags the image's launcher appends (JAVA_OPTS_APPEND), none for native images. */
    List<String> javaOpts() {
        return container.getEnv().stream().filter(e -> e.getName().equals("JAVA_OPTS_APPEND"))
                .flatMap(e -> List.of(e.getValue().split(" ")).stream()).toList();
    }
}
