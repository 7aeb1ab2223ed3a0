package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * Each kustomize overlay is the chart with that environment's values file: every object of
 * `kubectl kustomize deploy/k8s/overlays/<env>` parses strictly, the same (kind, name)s exist on both sides (Helm
 * test hooks aside; generated ConfigMap/Secret name hashes ignored), and per workload the images, replicas, env
 * variable names and resources agree, as do the keys of every ConfigMap and Secret.
 */
class KustomizeOverlaysMatchChartTest {

    static final List<String> ENVS = Renderings.OVERLAYS;
    /** kustomize's configMapGenerator/secretGenerator hash suffix. */
    private static final Pattern HASH = Pattern.compile("-[a-z0-9]{10}$");

    static String normal(String kind, String name, Set<String> chartNames) {
        if ((kind.equals("ConfigMap") || kind.equals("Secret")) && HASH.matcher(name).find()) {
            String bare = HASH.matcher(name).replaceFirst("");
            if (chartNames.contains(kind + "/" + bare)) {
                return bare;
            }
        }
        return name;
    }

    static boolean helmOnly(StrictManifests.Doc d) {
        var a = d.resource().getMetadata().getAnnotations();
        return a != null && a.containsKey("helm.sh/hook");
    }

    @ParameterizedTest(name = "overlays/{0} == chart -f values-{0}.yaml")
    @FieldSource("ENVS")
    void overlayHasTheChartsObjectsAndWorkloads(String env) {
        Manifests chart = Chart.rendered("values-" + env + ".yaml");
        Manifests overlay = Kustomize.parsed(Renderings.overlayDir(env), Chart.NAMESPACE);
        Set<String> chartIds = chart.docs().stream().filter(d -> !helmOnly(d)).map(d -> d.kind() + "/" + d.name())
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, String> renamed = new LinkedHashMap<>();
        Set<String> overlayIds = new TreeSet<>();
        for (StrictManifests.Doc d : overlay.docs()) {
            String n = normal(d.kind(), d.name(), chartIds);
            renamed.put(d.name(), n);
            overlayIds.add(d.kind() + "/" + n);
        }
        Set<String> onlyChart = new TreeSet<>(chartIds);
        onlyChart.removeAll(overlayIds);
        Set<String> onlyOverlay = new TreeSet<>(overlayIds);
        onlyOverlay.removeAll(chartIds);
        List<String> problems = new ArrayList<>();
        if (!onlyChart.isEmpty()) {
            problems.add("only in the chart (values-" + env + ".yaml): " + onlyChart);
        }
        if (!onlyOverlay.isEmpty()) {
            problems.add("only in overlays/" + env + ": " + onlyOverlay);
        }
        for (Manifests.Workload cw : chart.workloads()) {
            Manifests.Workload ow = overlay.workloads().stream()
                    .filter(w -> w.kind().equals(cw.kind()) && w.name().equals(cw.name())).findFirst().orElse(null);
            if (ow == null) {
                continue; // reported above
            }
            String id = cw.kind() + "/" + cw.name();
            compare(problems, id + " replicas", replicas(cw), replicas(ow));
            compare(problems, id + " containers", containers(cw), containers(ow));
            compare(problems, id + " initContainers", initContainers(cw), initContainers(ow));
        }
        for (String kind : List.of("ConfigMap", "Secret")) {
            for (StrictManifests.Doc cd : chart.docsOf(kind)) {
                StrictManifests.Doc od = overlay.docsOf(kind).stream()
                        .filter(d -> renamed.get(d.name()).equals(cd.name())).findFirst().orElse(null);
                if (od != null) {
                    compare(problems, kind + "/" + cd.name() + " keys", keys(cd), keys(od));
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> "overlays/" + env + " vs chart -f values-" + env + ".yaml:\n  "
                + String.join("\n  ", problems));
    }

    @ParameterizedTest(name = "overlays/{0} renders into namespace checkout")
    @FieldSource("ENVS")
    void overlayObjectsLiveInTheApplicationNamespace(String env) {
        Manifests overlay = Kustomize.parsed(Renderings.overlayDir(env), Chart.NAMESPACE);
        List<String> wrong = overlay.docs().stream()
                .filter(d -> !d.kind().startsWith("Cluster") && !d.kind().equals("Namespace"))
                .filter(d -> d.namespace() != null && !d.namespace().equals(Chart.NAMESPACE))
                .map(d -> d.kind() + "/" + d.name() + " in " + d.namespace()).toList();
        assertEquals(List.of(), wrong, "objects of overlays/" + env + " outside namespace checkout");
    }

    private static void compare(List<String> problems, String what, Object chart, Object overlay) {
        if (!String.valueOf(chart).equals(String.valueOf(overlay))) {
            problems.add(what + ": chart " + chart + " vs overlay " + overlay);
        }
    }

    private static Object replicas(Manifests.Workload w) {
        if (w.doc().resource() instanceof Deployment d) {
            return d.getSpec().getReplicas();
        }
        if (w.doc().resource() instanceof StatefulSet s) {
            return s.getSpec().getReplicas();
        }
        return "-";
    }

    private static Map<String, Object> containers(Manifests.Workload w) {
        return describe(w.template().getSpec().getContainers());
    }

    private static Map<String, Object> initContainers(Manifests.Workload w) {
        return describe(w.template().getSpec().getInitContainers() == null ? List.of()
                : w.template().getSpec().getInitContainers());
    }

    private static Map<String, Object> describe(List<Container> cs) {
        Map<String, Object> out = new TreeMap<>();
        for (Container c : cs) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("image", c.getImage());
            d.put("env", c.getEnv() == null ? List.of() : c.getEnv().stream().map(e -> e.getName()).sorted().toList());
            d.put("envFrom", c.getEnvFrom() == null ? 0 : c.getEnvFrom().size());
            Map<String, String> res = new TreeMap<>();
            if (c.getResources() != null) {
                if (c.getResources().getRequests() != null) {
                    c.getResources().getRequests().forEach((k, v) -> res.put("requests." + k, v.toString()));
                }
                if (c.getResources().getLimits() != null) {
                    c.getResources().getLimits().forEach((k, v) -> res.put("limits." + k, v.toString()));
                }
            }
            d.put("resources", res);
            out.put(c.getName(), d);
        }
        return out;
    }

    private static Set<String> keys(StrictManifests.Doc d) {
        Set<String> k = new TreeSet<>();
        if (d.resource() instanceof ConfigMap cm) {
            if (cm.getData() != null) {
                k.addAll(cm.getData().keySet());
            }
            if (cm.getBinaryData() != null) {
                k.addAll(cm.getBinaryData().keySet());
            }
        } else if (d.resource() instanceof Secret s) {
            if (s.getData() != null) {
                k.addAll(s.getData().keySet());
            }
            if (s.getStringData() != null) {
                k.addAll(s.getStringData().keySet());
            }
        }
        return k;
    }
}
