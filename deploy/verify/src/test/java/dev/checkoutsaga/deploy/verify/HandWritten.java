package dev.checkoutsaga.deploy.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/** The hand-written files under chaos/mesh and deploy/observability. */
public final class HandWritten {

    public static final String CHAOS = "chaos/mesh";
    public static final String OBSERVABILITY = "deploy/observability";
    public static final String OWNER = "written on branch obs";

    private HandWritten() {
    }

    public static List<Path> files(String dir, String... extensions) {
        Path root = Repo.require(dir, OWNER);
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(extensions).anyMatch(e -> p.getFileName().toString().endsWith(e)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Path> yamlFiles(String dir) {
        return files(dir, ".yaml", ".yml");
    }

    /** A YAML document is a Kubernetes object when it has an apiVersion and a kind (a kustomization is kubectl's). */
    public static boolean isKubernetesObject(JsonNode tree) {
        return tree.path("apiVersion").isTextual() && tree.path("kind").isTextual()
                && !tree.path("apiVersion").asText().startsWith("kustomize.config.k8s.io/");
    }

    /** Every Kubernetes object of every YAML file under dir, parsed strictly (fails listing every bad document). */
    public static List<StrictManifests.Doc> kubernetesDocs(String dir) {
        List<StrictManifests.Doc> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path f : yamlFiles(dir)) {
            String rel = Repo.relative(f);
            List<JsonNode> trees = StrictManifests.trees(Repo.read(f), rel);
            for (int i = 0; i < trees.size(); i++) {
                if (!isKubernetesObject(trees.get(i))) {
                    continue;
                }
                try {
                    out.add(new StrictManifests.Doc(rel, i, trees.get(i),
                            StrictManifests.parse(trees.get(i), rel + " doc " + i)));
                } catch (AssertionError e) {
                    errors.add(e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(String.join("\n  ", errors));
        }
        return out;
    }
}
