package dev.checkoutsaga.deploy.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Every rendering of the application the structural tests check: the chart with each values file, each overlay. */
public final class Renderings {

    public static final List<String> OVERLAYS = List.of("dev", "prod");

    /** A named, lazily built rendering (so that a broken one fails its own test, not test discovery). */
    public record Rendering(String name, Supplier<Manifests> manifests) {
        @Override
        public String toString() {
            return name;
        }

        public Manifests get() {
            return manifests.get();
        }
    }

    private Renderings() {
    }

    public static List<Rendering> chart() {
        List<Rendering> out = new ArrayList<>();
        for (String f : Chart.VALUES_FILES) {
            out.add(new Rendering("chart -f " + f, () -> Chart.rendered(f)));
        }
        return out;
    }

    public static List<Rendering> overlays() {
        List<Rendering> out = new ArrayList<>();
        for (String env : OVERLAYS) {
            String dir = overlayDir(env);
            out.add(new Rendering("kustomize " + dir, () -> Kustomize.parsed(dir, Chart.NAMESPACE)));
        }
        return out;
    }

    public static String overlayDir(String env) {
        return "deploy/k8s/overlays/" + env;
    }

    public static List<Rendering> all() {
        List<Rendering> out = new ArrayList<>(chart());
        out.add(withKeycloak());
        out.addAll(overlays());
        return out;
    }

    /** The dev chart with the release's own Keycloak (identity.keycloak.enabled). */
    public static Rendering withKeycloak() {
        return new Rendering("chart -f values-dev.yaml, Keycloak in the release",
                () -> Chart.rendered("values-dev.yaml", Chart.sets("identity.keycloak.enabled", true)));
    }

    /** The prod chart with the bundled data stores off: PostgreSQL, Redis and Kafka are external ones. */
    public static Rendering externalServers() {
        return new Rendering("chart -f values-prod.yaml, external PostgreSQL, Redis, Kafka", () -> Chart.rendered(
                "values-prod.yaml", Chart.sets("postgresql.enabled", false, "postgresql.external.host", "db.example.com",
                        "redis.enabled", false, "redis.external.url", "redis://cache.example.com:6379",
                        "kafka.enabled", false, "kafka.external.bootstrapServers", "kafka.example.com:9092")));
    }

    /** {@link #externalServers()} reached over TLS, each verified against its CA Secret. */
    public static Rendering externalServersOverTls() {
        return new Rendering("chart -f values-prod.yaml, external PostgreSQL, Redis, Kafka over TLS", () -> Chart.rendered(
                "values-prod.yaml", Chart.sets("postgresql.enabled", false, "postgresql.external.host", "db.example.com",
                        "postgresql.tls.enabled", true, "postgresql.tls.caSecret", "db-ca",
                        "redis.enabled", false, "redis.external.url", "rediss://cache.example.com:6380",
                        "redis.tls.enabled", true, "redis.tls.caSecret", "cache-ca",
                        "kafka.enabled", false, "kafka.external.bootstrapServers", "kafka.example.com:9093",
                        "kafka.tls.enabled", true, "kafka.tls.caSecret", "kafka-ca")));
    }

    /** {@link #all()}, {@link #externalServers()} and over TLS: for the checks that hold whatever runs the servers. */
    public static List<Rendering> allWithExternalServers() {
        List<Rendering> out = new ArrayList<>(all());
        out.add(externalServers());
        out.add(externalServersOverTls());
        return out;
    }
}
