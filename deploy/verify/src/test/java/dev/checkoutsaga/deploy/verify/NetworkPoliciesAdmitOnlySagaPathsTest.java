package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * The NetworkPolicies of the chart (each values file) and of each overlay admit exactly the saga's paths: the graph
 * of admitted connections, computed from the policies over the pods the manifests run (plus the Strimzi broker pods,
 * kube-dns, Jaeger and Prometheus in namespace observability, and a client on the internet), contains every
 * required edge and no edge outside the required and tolerated ones. A default-deny policy covers every pod.
 */
class NetworkPoliciesAdmitOnlySagaPathsTest {

    static final String OBS = "observability";
    /** Pod labels of deploy/observability's Jaeger and Prometheus (deploy/observability/{jaeger,prometheus}). */
    static final Map<String, String> JAEGER = Map.of("app.kubernetes.io/name", "jaeger",
            "app.kubernetes.io/part-of", "checkout-saga", "app.kubernetes.io/component", "tracing");
    static final Map<String, String> PROMETHEUS = Map.of("app.kubernetes.io/name", "prometheus",
            "app.kubernetes.io/part-of", "checkout-saga", "app.kubernetes.io/component", "metrics");

    /** Ports of the data stores: never open to scraping or anything but the services. */
    static final Set<Integer> DATA_PORTS = Set.of(5432, 6379, 9092);

    static List<Renderings.Rendering> renderings() {
        return Renderings.all();
    }

    /** One port of a destination. */
    record Target(NetworkGraph.Endpoint endpoint, int port, String protocol) {
    }

    static String edge(NetworkGraph.Endpoint src, NetworkGraph.Endpoint dst, int port, String proto) {
        return src.name() + " -> " + dst.name() + ":" + port + (proto.equals("TCP") ? "" : "/" + proto);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void policiesAdmitEachSagaPathAndNothingElse(Renderings.Rendering r) {
        Manifests m = r.get();
        List<String> problems = problems(m);
        assertTrue(problems.isEmpty(), () -> r + " (" + m.all(NetworkPolicy.class).size() + " NetworkPolicies):\n  "
                + String.join("\n  ", problems));
    }

    /** The check sees what it should: without the chart's policies every forbidden pair is reported. */
    @org.junit.jupiter.api.Test
    void withoutPoliciesTheForbiddenPairsAreReported() {
        List<String> problems = problems(Chart.rendered("values.yaml", Chart.sets("networkPolicy.enabled", false)));
        for (String e : List.of("must not be admitted: inventory-service -> sandbox:8080",
                "must not be admitted: payment-service -> inventory-service:8080",
                "must not be admitted: shipping-service -> payment-service:8080",
                "must not be admitted: sandbox -> postgresql:5432",
                "admitted but not a saga path: internet -> redis:6379")) {
            assertTrue(problems.contains(e), () -> "not reported: " + e + " in " + problems);
        }
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("no default-deny NetworkPolicy")), problems::toString);
    }

    static List<String> problems(Manifests m) {
        List<NetworkPolicy> policies = m.all(NetworkPolicy.class);
        List<NetworkPolicy> withStrimzi = new ArrayList<>(policies);
        withStrimzi.addAll(strimziPolicies(m));
        NetworkGraph g = new NetworkGraph(withStrimzi, m.defaultNamespace());
        List<String> problems = new ArrayList<>();

        // --- the parties
        Map<String, NetworkGraph.Endpoint> pods = new LinkedHashMap<>();
        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        Set<String> strimzi = new LinkedHashSet<>();
        int i = 0;
        for (Manifests.PodModel p : m.pods()) {
            boolean isStrimzi = p.owner().startsWith("Strimzi");
            String name = isStrimzi ? p.labels().get("strimzi.io/name") + "[" + p.labels().get("strimzi.io/pool-name") + "]"
                    : p.owner().substring(p.owner().indexOf('/') + 1);
            pods.put(name, NetworkGraph.Endpoint.pod(name, p.namespace(), p.labels(), p.namedPorts(), i++));
            ports.put(name, p.ports());
            if (isStrimzi) {
                strimzi.add(name);
            }
        }
        NetworkGraph.Endpoint dns = NetworkGraph.Endpoint.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"),
                Map.of("dns", 53, "dns-tcp", 53), 900);
        NetworkGraph.Endpoint jaeger = NetworkGraph.Endpoint.pod("jaeger", OBS, JAEGER,
                Map.of("otlp-grpc", 4317, "otlp-http", 4318), 901);
        NetworkGraph.Endpoint prometheus = NetworkGraph.Endpoint.pod("prometheus", OBS, PROMETHEUS, Map.of(), 902);
        NetworkGraph.Endpoint internet = NetworkGraph.Endpoint.outside("internet", "203.0.113.10");

        for (String s : Services.NAMES) {
            if (!pods.containsKey(s)) {
                problems.add("no pods of Deployment/" + s);
            }
        }
        // --- a default deny (no rules, both directions) covers every pod the manifests run themselves
        for (String type : List.of("Ingress", "Egress")) {
            for (Map.Entry<String, NetworkGraph.Endpoint> p : pods.entrySet()) {
                if (strimzi.contains(p.getKey())) {
                    continue; // Strimzi's pods: their ingress is Strimzi's policy (modelled), egress is Strimzi's
                }
                boolean covered = policies.stream().anyMatch(np -> isDefaultDeny(np, type)
                        && Manifests.matches(np.getSpec().getPodSelector(), p.getValue().labels()));
                if (!covered) {
                    problems.add("no default-deny NetworkPolicy (policyTypes [" + type + "], no rules) selects the pods of "
                            + p.getKey() + " " + p.getValue().labels());
                }
            }
        }
        String broker = strimzi.stream().findFirst().orElse(null);
        boolean kafkaInChart = broker != null;

        // --- the edges the saga needs
        Set<String> required = new TreeSet<>();
        for (String s : Services.NAMES) {
            if (pods.containsKey("postgresql")) {
                required.add(s + " -> postgresql:5432");
            }
            if (pods.containsKey("redis")) {
                required.add(s + " -> redis:6379");
            }
            for (String b : strimzi) {
                required.add(s + " -> " + b + ":9092");
            }
            required.add(s + " -> kube-dns:53/UDP");
            required.add(s + " -> kube-dns:53");
            required.add(s + " -> jaeger:4317");
            required.add("prometheus -> " + s + ":9000"); // the management port: health and metrics
        }
        required.add("order-service -> inventory-service:8080");
        if (pods.containsKey("sandbox")) {
            required.add("payment-service -> sandbox:8080");
            required.add("shipping-service -> sandbox:8080");
        }
        required.add("internet -> order-service:8080");
        if (pods.containsKey("keycloak")) {
            // the release's token issuer: the services fetch its keys, people log in
            for (String s : Services.NAMES) {
                required.add(s + " -> keycloak:8080");
            }
            required.add("internet -> keycloak:8080");
            required.add("keycloak -> kube-dns:53/UDP");
            required.add("prometheus -> keycloak:9000");
        }
        // brokers replicate and elect among themselves (Strimzi's own policies only open ingress)
        for (String b : strimzi) {
            for (String b2 : strimzi) {
                required.add(b + " -> " + b2 + ":9090");
                required.add(b + " -> " + b2 + ":9091");
            }
            required.add(b + " -> kube-dns:53/UDP");
        }

        // --- the edges that may exist without being needed
        Set<String> tolerated = new TreeSet<>();
        for (String p : pods.keySet()) {
            // the public order API is open to every client, so to every pod too
            tolerated.add(p + " -> order-service:8080");
            tolerated.add(p + " -> keycloak:8080"); // the issuer's login and keys are as public
            tolerated.add(p + " -> kube-dns:53/UDP");
            tolerated.add(p + " -> kube-dns:53");
            tolerated.add(p + " -> jaeger:4317");
            for (int port : ports.get(p)) {
                if (!DATA_PORTS.contains(port)) {
                    tolerated.add("prometheus -> " + p + ":" + port); // scraping, also of infrastructure exporters
                }
            }
        }

        // --- every edge the policies admit, between every source and every destination port
        List<NetworkGraph.Endpoint> sources = new ArrayList<>(pods.values());
        sources.add(prometheus);
        tolerated.add("prometheus -> order-service:8080");
        sources.add(internet);
        List<Target> targets = new ArrayList<>();
        for (Map.Entry<String, NetworkGraph.Endpoint> e : pods.entrySet()) {
            for (int port : new LinkedHashSet<>(ports.get(e.getKey()))) {
                targets.add(new Target(e.getValue(), port, "TCP"));
            }
        }
        targets.add(new Target(dns, 53, "UDP"));
        targets.add(new Target(dns, 53, "TCP"));
        targets.add(new Target(jaeger, 4317, "TCP"));
        Set<String> admitted = new TreeSet<>();
        for (NetworkGraph.Endpoint src : sources) {
            for (Target t : targets) {
                if (src == t.endpoint() && !strimzi.contains(src.name())) {
                    continue;
                }
                boolean srcInside = pods.containsKey(src.name());
                boolean dstInside = pods.containsKey(t.endpoint().name());
                if (!srcInside && !dstInside) {
                    continue; // between parties outside the manifests: not theirs to govern
                }
                // a party outside the namespace has no policies in this model: only the inside end decides
                if (g.allowed(src, t.endpoint(), t.port(), t.protocol())) {
                    admitted.add(edge(src, t.endpoint(), t.port(), t.protocol()));
                }
            }
        }
        // --- named pairs that must stay closed (a subset of "nothing else", spelled out)
        Set<String> forbidden = new TreeSet<>(List.of("inventory-service -> sandbox:8080",
                "payment-service -> inventory-service:8080", "shipping-service -> payment-service:8080",
                "sandbox -> postgresql:5432", "internet -> inventory-service:8080", "internet -> payment-service:8080",
                "internet -> shipping-service:8080", "internet -> postgresql:5432", "prometheus -> postgresql:5432",
                "internet -> keycloak:9000", "internet -> order-service:9000", "internet -> inventory-service:9000",
                "internet -> payment-service:9000", "internet -> shipping-service:9000"));
        for (String p : pods.keySet()) {
            if (!Services.NAMES.contains(p)) {
                forbidden.add(p + " -> postgresql:5432");
            }
        }
        for (String e : forbidden) {
            if (admitted.contains(e)) {
                problems.add("must not be admitted: " + e);
            }
        }
        for (String e : required) {
            if (!admitted.contains(e)) {
                problems.add("needed but not admitted: " + e + why(g, e, pods, dns, jaeger, prometheus, internet));
            }
        }
        for (String e : admitted) {
            if (!required.contains(e) && !tolerated.contains(e)) {
                problems.add("admitted but not a saga path: " + e);
            }
        }
        if (!kafkaInChart && !problems.isEmpty()) {
            problems.add("(no Kafka CR rendered: broker edges not checked)");
        }
        return problems;
    }

    static boolean isDefaultDeny(NetworkPolicy p, String type) {
        boolean typed = p.getSpec().getPolicyTypes() != null && p.getSpec().getPolicyTypes().contains(type);
        boolean noRules = type.equals("Ingress") ? p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()
                : p.getSpec().getEgress() == null || p.getSpec().getEgress().isEmpty();
        return typed && noRules;
    }

    /**
     * The NetworkPolicy the Strimzi operator creates for a Kafka's broker pods (not in the manifests): ingress on each
     * listener's port from its networkPolicyPeers (everyone when there are none), on 9090/9091 from the cluster's
     * own pods; no egress rules (Strimzi's policies are ingress only).
     */
    static List<NetworkPolicy> strimziPolicies(Manifests m) {
        List<NetworkPolicy> out = new ArrayList<>();
        for (StrictManifests.Doc d : m.docsOf("Kafka")) {
            var kafka = d.as(io.strimzi.api.kafka.model.kafka.Kafka.class);
            String cluster = kafka.getMetadata().getName();
            var rules = new ArrayList<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule>();
            var internal = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder()
                    .withNewPodSelector().addToMatchLabels("strimzi.io/cluster", cluster).endPodSelector().build();
            rules.add(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder()
                    .addNewPort().withNewPort(9090).withProtocol("TCP").endPort()
                    .addNewPort().withNewPort(9091).withProtocol("TCP").endPort()
                    .withFrom(internal).build());
            kafka.getSpec().getKafka().getListeners().forEach(l -> rules.add(
                    new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder()
                            .addNewPort().withNewPort(l.getPort()).withProtocol("TCP").endPort()
                            .withFrom(l.getNetworkPolicyPeers() == null ? List.of() : l.getNetworkPolicyPeers())
                            .build()));
            out.add(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                    .withNewMetadata().withName(cluster + "-network-policy-kafka").withNamespace(m.namespaceOf(d))
                    .endMetadata()
                    .withNewSpec().withNewPodSelector().addToMatchLabels("strimzi.io/cluster", cluster)
                    .addToMatchLabels("strimzi.io/kind", "Kafka").addToMatchLabels("strimzi.io/name", cluster + "-kafka")
                    .endPodSelector().withPolicyTypes("Ingress").withIngress(rules).endSpec().build());
        }
        return out;
    }

    /** Which side refuses a needed edge, for the failure message. */
    private static String why(NetworkGraph g, String edge, Map<String, NetworkGraph.Endpoint> pods,
            NetworkGraph.Endpoint... others) {
        String[] sd = edge.split(" -> ");
        String[] dp = sd[1].split(":");
        String proto = dp[1].contains("/") ? dp[1].substring(dp[1].indexOf('/') + 1) : "TCP";
        int port = Integer.parseInt(dp[1].replaceAll("/.*", ""));
        NetworkGraph.Endpoint src = find(sd[0], pods, others);
        NetworkGraph.Endpoint dst = find(dp[0], pods, others);
        if (src == null || dst == null) {
            return "";
        }
        return " (egress of " + src.name() + ": " + (g.egressAllowed(src, dst, port, proto) ? "admits" : "refuses")
                + ", ingress of " + dst.name() + ": " + (g.ingressAllowed(src, dst, port, proto) ? "admits" : "refuses")
                + ")";
    }

    private static NetworkGraph.Endpoint find(String name, Map<String, NetworkGraph.Endpoint> pods,
            NetworkGraph.Endpoint... others) {
        if (pods.containsKey(name)) {
            return pods.get(name);
        }
        for (NetworkGraph.Endpoint o : others) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }
}
