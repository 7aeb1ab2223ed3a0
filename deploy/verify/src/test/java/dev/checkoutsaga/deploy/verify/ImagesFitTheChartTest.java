package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * No image can be built here (no Docker), so what can go wrong between a Dockerfile and the chart
 * is checked on the text: the user the image runs as is the one the pod's securityContext names
 * (runAsNonRoot refuses a pod whose image user does not match the numeric one it expects), the
 * port is the container port, the tag is the one the chart pulls, and every COPY source of the JVM
 * images exists in the build output the reactor just produced.
 */
class ImagesFitTheChartTest {
    private static final Pattern USER = Pattern.compile("(?m)^USER (\\d+)");
    private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE (\\d+)");
    private static final Pattern COPY = Pattern.compile("(?m)^COPY (?:--\\S+ )*(\\S+) \\S+$");
    private static final Pattern TAG = Pattern.compile("docker build -f \\S+ -t (\\S+) ");

    /** Every saga service (deploy/services.txt) and the sandbox. */
    static List<String> apps() {
        List<String> apps = new ArrayList<>(Services.NAMES);
        apps.add(Services.SANDBOX);
        return apps;
    }

    /** Deployment name -> module directory. */
    private static String module(String app) {
        return app.equals("sandbox") ? "deploy/sandbox" : app;
    }

    @ParameterizedTest
    @MethodSource("apps")
    void theJvmImageRunsAsThePodsUserOnItsPortWithTheChartsTagFromFilesTheBuildMade(String app) throws IOException {
        String dockerfile = dockerfile(app, "Dockerfile.jvm");
        PodSpec pod = pod(Chart.rendered("values.yaml"), app);
        assertEquals(pod.getSecurityContext().getRunAsUser(), Long.valueOf(one(USER, dockerfile, app)), app + " JVM image USER");
        assertImageAndPort(app, dockerfile, pod, "Dockerfile.jvm");
        Path moduleDir = Repo.path(module(app));
        Matcher copy = COPY.matcher(dockerfile);
        int copies = 0;
        while (copy.find()) {
            copies++;
            String source = copy.group(1);
            assertFalse(matching(moduleDir, source).isEmpty(), app + " Dockerfile.jvm copies " + source
                    + ", which the build did not produce under " + moduleDir);
        }
        assertEquals(4, copies, app + ": the four fast-jar layers (lib, jars, app, quarkus)");
    }

    @ParameterizedTest
    @MethodSource("apps")
    void theNativeImagesRunAsTheNativePodsUserOnItsPortWithTheNativeTag(String app) throws IOException {
        PodSpec pod = pod(Chart.rendered("values.yaml", Chart.sets("image.flavor", "native")), app);
        for (String file : List.of("Dockerfile.native", "Dockerfile.native-micro")) {
            String dockerfile = dockerfile(app, file);
            assertEquals(pod.getSecurityContext().getRunAsUser(), Long.valueOf(one(USER, dockerfile, app)), app + " " + file + " USER");
            assertImageAndPort(app, dockerfile, pod, file);
            assertTrue(dockerfile.contains("COPY --chown=1001:root --chmod=0755 target/*-runner /work/application"),
                    app + " " + file + " copies the native executable");
        }
    }

    @Test
    void theAuditImageRunsAsTheAuditJobsUserFromFilesTheBuildMade() throws IOException {
        String dockerfile = Repo.read(Repo.path("chaos/audit/src/main/docker/Dockerfile.jvm"));
        Manifests job = Manifests.of(StrictManifests.parseAll(Repo.read(Repo.path("chaos/mesh/audit-job.yaml")), "chaos/mesh/audit-job.yaml"), Chart.NAMESPACE);
        PodSpec pod = job.all(Job.class).get(0).getSpec().getTemplate().getSpec();
        long user = pod.getSecurityContext() != null && pod.getSecurityContext().getRunAsUser() != null
                ? pod.getSecurityContext().getRunAsUser()
                : pod.getContainers().get(0).getSecurityContext().getRunAsUser();
        assertEquals(user, Long.parseLong(one(USER, dockerfile, "audit")), "audit image USER vs audit-job.yaml");
        assertEquals(pod.getContainers().get(0).getImage(), one(TAG, dockerfile, "audit"), "audit image tag vs audit-job.yaml");
        Matcher copy = COPY.matcher(dockerfile);
        while (copy.find()) {
            assertFalse(matching(Repo.path("chaos/audit"), copy.group(1)).isEmpty(),
                    "audit Dockerfile.jvm copies " + copy.group(1) + ", which the build did not produce");
        }
    }

    private static void assertImageAndPort(String app, String dockerfile, PodSpec pod, String file) {
        var container = pod.getContainers().get(0);
        assertEquals(container.getImage(), one(TAG, dockerfile, app), app + " " + file + ": the tag its build command gives is the chart's image");
        int port = container.getPorts().get(0).getContainerPort();
        assertEquals(port, Integer.parseInt(one(EXPOSE, dockerfile, app)), app + " " + file + " EXPOSE");
        assertTrue(dockerfile.contains("ENV QUARKUS_HTTP_PORT=" + port), app + " " + file + " listens on the container port");
    }

    private static PodSpec pod(Manifests chart, String app) {
        return ((Deployment) chart.find("Deployment", app).orElseThrow().resource()).getSpec().getTemplate().getSpec();
    }

    private static String dockerfile(String app, String name) {
        return Repo.read(Repo.path(module(app) + "/src/main/docker/" + name));
    }

    private static String one(Pattern p, String text, String what) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), what + ": no match of " + p);
        return m.group(1);
    }

    /** Files or directories under {@code dir} that a Dockerfile COPY source (a glob) names. */
    private static List<Path> matching(Path dir, String source) throws IOException {
        String glob = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> all = Files.walk(dir.resolve("target"), 3)) {
            return all.filter(p -> matcher.matches(dir.relativize(p))).toList();
        }
    }
}
