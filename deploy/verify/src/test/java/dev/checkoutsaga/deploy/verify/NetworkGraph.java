package dev.checkoutsaga.deploy.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * NetworkPolicy semantics (networking.k8s.io/v1) over a model of the pods: a connection is admitted when the
 * source's egress and the destination's ingress both admit it; a pod no policy selects for a direction is open in
 * that direction. Pods get addresses in 10.244.0.0/16 (kind's pod range) so that ipBlock rules are judged as a
 * cluster would judge them; clients outside the cluster come from 203.0.113.0/24.
 */
public final class NetworkGraph {

    /** A party to a connection: a pod (namespace + labels + ports) or an address outside the cluster. */
    public record Endpoint(String name, String namespace, Map<String, String> labels, Map<String, Integer> namedPorts,
            String ip, boolean pod) {

        public static Endpoint pod(String name, String namespace, Map<String, String> labels,
                Map<String, Integer> namedPorts, int index) {
            return new Endpoint(name, namespace, labels, namedPorts, "10.244." + (index / 250) + "." + (1 + index % 250),
                    true);
        }

        public static Endpoint outside(String name, String ip) {
            return new Endpoint(name, null, Map.of(), Map.of(), ip, false);
        }

        public Map<String, String> namespaceLabels() {
            return namespace == null ? Map.of() : Map.of("kubernetes.io/metadata.name", namespace);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<NetworkPolicy> policies;
    private final String defaultNamespace;

    public NetworkGraph(List<NetworkPolicy> policies, String defaultNamespace) {
        this.policies = policies;
        this.defaultNamespace = defaultNamespace;
    }

    private String ns(NetworkPolicy p) {
        return p.getMetadata().getNamespace() == null ? defaultNamespace : p.getMetadata().getNamespace();
    }

    List<NetworkPolicy> selecting(Endpoint e, String type) {
        List<NetworkPolicy> out = new ArrayList<>();
        if (!e.pod()) {
            return out;
        }
        for (NetworkPolicy p : policies) {
            if (!ns(p).equals(e.namespace()) || !Manifests.matches(p.getSpec().getPodSelector(), e.labels())) {
                continue;
            }
            List<String> types = p.getSpec().getPolicyTypes();
            boolean applies;
            if (types == null || types.isEmpty()) {
                applies = type.equals("Ingress")
                        || (p.getSpec().getEgress() != null && !p.getSpec().getEgress().isEmpty());
            } else {
                applies = types.contains(type);
            }
            if (applies) {
                out.add(p);
            }
        }
        return out;
    }

    public boolean allowed(Endpoint src, Endpoint dst, int port, String protocol) {
        return egressAllowed(src, dst, port, protocol) && ingressAllowed(src, dst, port, protocol);
    }

    public boolean egressAllowed(Endpoint src, Endpoint dst, int port, String protocol) {
        List<NetworkPolicy> ps = selecting(src, "Egress");
        if (ps.isEmpty()) {
            return true;
        }
        for (NetworkPolicy p : ps) {
            if (p.getSpec().getEgress() == null) {
                continue;
            }
            for (NetworkPolicyEgressRule r : p.getSpec().getEgress()) {
                if (portsMatch(r.getPorts(), dst, port, protocol) && peersMatch(r.getTo(), dst, ns(p))) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean ingressAllowed(Endpoint src, Endpoint dst, int port, String protocol) {
        List<NetworkPolicy> ps = selecting(dst, "Ingress");
        if (ps.isEmpty()) {
            return true;
        }
        for (NetworkPolicy p : ps) {
            if (p.getSpec().getIngress() == null) {
                continue;
            }
            for (NetworkPolicyIngressRule r : p.getSpec().getIngress()) {
                if (portsMatch(r.getPorts(), dst, port, protocol) && peersMatch(r.getFrom(), src, ns(p))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Endpoint dst, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort pp : ports) {
            String proto = pp.getProtocol() == null ? "TCP" : pp.getProtocol();
            if (!proto.equals(protocol)) {
                continue;
            }
            IntOrString p = pp.getPort();
            if (p == null) {
                return true;
            }
            if (p.getStrVal() != null) {
                Integer resolved = dst.namedPorts().get(p.getStrVal());
                if (resolved != null && resolved == port) {
                    return true;
                }
            } else {
                int from = p.getIntVal();
                int to = pp.getEndPort() == null ? from : pp.getEndPort();
                if (port >= from && port <= to) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean peersMatch(List<NetworkPolicyPeer> peers, Endpoint other, String policyNamespace) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                if (inBlock(other.ip(), peer.getIpBlock())) {
                    return true;
                }
                continue;
            }
            if (!other.pod()) {
                continue;
            }
            LabelSelector nsSel = peer.getNamespaceSelector();
            boolean nsOk = nsSel == null ? policyNamespace.equals(other.namespace())
                    : Manifests.matches(nsSel, other.namespaceLabels());
            boolean podOk = peer.getPodSelector() == null || Manifests.matches(peer.getPodSelector(), other.labels());
            if (nsOk && podOk) {
                return true;
            }
        }
        return false;
    }

    static boolean inBlock(String ip, IPBlock block) {
        if (!inCidr(ip, block.getCidr())) {
            return false;
        }
        return block.getExcept() == null || block.getExcept().stream().noneMatch(e -> inCidr(ip, e));
    }

    static boolean inCidr(String ip, String cidr) {
        if (cidr.contains(":")) {
            return false; // IPv6 blocks never contain the IPv4 model addresses
        }
        String[] parts = cidr.split("/");
        int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (toLong(ip) & mask) == (toLong(parts[0]) & mask);
    }

    private static long toLong(String ip) {
        long v = 0;
        for (String o : ip.split("\\.")) {
            v = (v << 8) | Integer.parseInt(o);
        }
        return v;
    }
}
