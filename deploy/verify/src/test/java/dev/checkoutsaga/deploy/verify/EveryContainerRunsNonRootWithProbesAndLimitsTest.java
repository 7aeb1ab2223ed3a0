package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;

/**
 * Every container and init container of every workload (chart with each values file, each overlay) has cpu and
 * memory requests and limits and a locked-down security context; the pod runs non-root with the RuntimeDefault
 * seccomp profile; long-running containers have liveness and readiness probes, the saga services a startup probe.
 */
class EveryContainerRunsNonRootWithProbesAndLimitsTest {

    static List<Renderings.Rendering> renderings() {
        return Renderings.allWithExternalServers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyContainerIsLockedDownWithProbesAndLimits(Renderings.Rendering r) {
        Manifests m = r.get();
        List<String> problems = new ArrayList<>();
        List<Manifests.Workload> workloads = m.workloads();
        assertTrue(!workloads.isEmpty(), r + " renders no workload");
        for (Manifests.Workload w : workloads) {
            String wid = w.kind() + "/" + w.name();
            PodSpec pod = w.template().getSpec();
            PodSecurityContext psc = pod.getSecurityContext();
            if (psc == null) {
                problems.add(wid + ": spec.template.spec.securityContext is missing");
            } else {
                if (psc.getSeccompProfile() == null || !"RuntimeDefault".equals(psc.getSeccompProfile().getType())) {
                    problems.add(wid + ": securityContext.seccompProfile.type is not RuntimeDefault");
                }
            }
            boolean longRunning = w.kind().equals("Deployment") || w.kind().equals("StatefulSet");
            List<Container> all = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                all.addAll(pod.getInitContainers());
            }
            for (Container c : all) {
                boolean init = pod.getInitContainers() != null && pod.getInitContainers().contains(c);
                String cid = wid + " " + (init ? "initContainer " : "container ") + c.getName();
                checkResources(cid, c.getResources(), problems);
                checkSecurity(cid, c.getSecurityContext(), psc, problems);
                if (longRunning && !init) {
                    if (c.getLivenessProbe() == null) {
                        problems.add(cid + ": livenessProbe is missing");
                    }
                    if (c.getReadinessProbe() == null) {
                        problems.add(cid + ": readinessProbe is missing");
                    }
                    if (Services.NAMES.contains(w.name()) && c.getStartupProbe() == null) {
                        problems.add(cid + ": startupProbe is missing");
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> r + ":\n  " + String.join("\n  ", problems));
    }

    private static void checkResources(String cid, ResourceRequirements res, List<String> problems) {
        for (String side : List.of("requests", "limits")) {
            Map<String, Quantity> q = res == null ? null : side.equals("requests") ? res.getRequests() : res.getLimits();
            for (String what : List.of("cpu", "memory")) {
                if (q == null || q.get(what) == null) {
                    problems.add(cid + ": resources." + side + "." + what + " is missing");
                }
            }
        }
    }

    private static void checkSecurity(String cid, SecurityContext sc, PodSecurityContext pod, List<String> problems) {
        if (sc == null) {
            problems.add(cid + ": securityContext is missing");
            return;
        }
        boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                || (sc.getRunAsNonRoot() == null && pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot()));
        if (!nonRoot) {
            problems.add(cid + ": securityContext.runAsNonRoot is not true (nor inherited from the pod)");
        }
        Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod == null ? null : pod.getRunAsUser();
        if (user != null && user == 0L) {
            problems.add(cid + ": runs as user 0");
        }
        if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
            problems.add(cid + ": securityContext.readOnlyRootFilesystem is not true");
        }
        if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            problems.add(cid + ": securityContext.allowPrivilegeEscalation is not false");
        }
        if (Boolean.TRUE.equals(sc.getPrivileged())) {
            problems.add(cid + ": securityContext.privileged is true");
        }
        if (sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                || !sc.getCapabilities().getDrop().contains("ALL")) {
            problems.add(cid + ": securityContext.capabilities.drop does not contain ALL");
        }
    }
}
