package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@code kubectl kustomize <dir>} (no cluster needed); kubectl must be on the PATH. */
public final class Kustomize {

    private static final Map<String, String> BUILT = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    public static String kubectl() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        Path installed = Repo.path(".local/tools/bin/kubectl"); // where deploy/verify/install-kubectl puts it
        if (Files.isExecutable(installed)) {
            return installed.toString();
        }
        fail("kubectl is not on the PATH: deploy/verify runs `kubectl kustomize` (kubectl >= 1.27, built-in kustomize v5)"
                + " to render deploy/k8s and deploy/observability; run deploy/verify/install-kubectl (or install kubectl)"
                + " and run again");
        return null;
    }

    /** The output of kubectl kustomize for a directory relative to the repository root. */
    public static String build(String relativeDir) {
        return BUILT.computeIfAbsent(relativeDir, Kustomize::run);
    }

    public static Manifests parsed(String relativeDir, String defaultNamespace) {
        return Manifests.of(StrictManifests.parseAll(build(relativeDir), "kubectl kustomize " + relativeDir),
                defaultNamespace);
    }

    private static String run(String relativeDir) {
        Path dir = Repo.require(relativeDir, "a kustomization");
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process p = new ProcessBuilder(kubectl(), "kustomize", dir.toString())
                    .redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("kubectl kustomize " + relativeDir + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                fail("kubectl kustomize " + relativeDir + " failed (exit " + p.exitValue() + "): " + Files.readString(err));
            }
            Files.deleteIfExists(err);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kubectl kustomize " + relativeDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
