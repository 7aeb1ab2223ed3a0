package dev.checkoutsaga.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.checkoutsaga.events.SagaMap;

/**
 * Base URLs of what the audit reads, and the issuer of its token (the realm the audit's own client,
 * {@code checkout-audit}, belongs to). Defaults match the local stack's ports.
 *
 * <p>{@code order} ... {@code shipping} are where the audit's business reads go (orders, stock,
 * payments, shipments); {@code services} holds the base URL of every saga service by name
 * ({@link SagaMap#SERVICES}), the four above included, whose {@code /saga/activity} the audit waits
 * on. A participant added to the saga needs no field here: {@link #fromEnv} finds its URL in
 * {@code CHECKOUT_<NAME>_URL} or the {@value #URL_TEMPLATE} template.
 */
public record Endpoints(String order, String inventory, String payment, String shipping, String sandbox, String issuer,
        Map<String, String> services) {

    /**
     * The base URL of every saga service without a {@code CHECKOUT_<NAME>_URL} of its own, with
     * {@value #SERVICE_PLACEHOLDER} standing for the service's name, e.g. {@code http://{service}:8080}
     * (the Helm chart's Services).
     */
    public static final String URL_TEMPLATE = "CHECKOUT_SERVICE_URL_TEMPLATE";
    public static final String SERVICE_PLACEHOLDER = "{service}";

    private static final Map<String, String> LOCAL = Map.of(SagaMap.ORDER, "http://localhost:8080",
            SagaMap.INVENTORY, "http://localhost:8081", SagaMap.PAYMENT, "http://localhost:8082",
            SagaMap.SHIPPING, "http://localhost:8083");
    private static final String LOCAL_SANDBOX = "http://localhost:8090";
    private static final String LOCAL_ISSUER = "http://localhost:8380/realms/checkout";

    /** {@code services} always holds the four named URLs (these win over the map's entries for them). */
    public Endpoints {
        Map<String, String> all = new LinkedHashMap<>(services);
        all.put(SagaMap.ORDER, order);
        all.put(SagaMap.INVENTORY, inventory);
        all.put(SagaMap.PAYMENT, payment);
        all.put(SagaMap.SHIPPING, shipping);
        services = Collections.unmodifiableMap(all);
    }

    /** The four services of the audit's business reads; their activity is read there too. */
    public Endpoints(String order, String inventory, String payment, String shipping, String sandbox, String issuer) {
        this(order, inventory, payment, shipping, sandbox, issuer, Map.of());
    }

    /** The local stack's ports (deploy/local/stack exports CHECKOUT_&lt;NAME&gt;_URL of any other service). */
    public static Endpoints local() {
        return new Endpoints(LOCAL.get(SagaMap.ORDER), LOCAL.get(SagaMap.INVENTORY), LOCAL.get(SagaMap.PAYMENT),
                LOCAL.get(SagaMap.SHIPPING), LOCAL_SANDBOX, LOCAL_ISSUER);
    }

    /**
     * From environment variables: each saga service's {@code CHECKOUT_<NAME>_URL} ({@link #envName}),
     * else {@value #URL_TEMPLATE}, else the local stack's port; {@code CHECKOUT_SANDBOX_URL},
     * {@code CHECKOUT_ISSUER}, else {@link #local()}'s.
     */
    public static Endpoints fromEnv(Map<String, String> env) {
        return fromEnv(env, SagaMap.SERVICES);
    }

    /** {@link #fromEnv(Map)} for the saga services {@code names} (tests: a participant the map does not have yet). */
    static Endpoints fromEnv(Map<String, String> env, List<String> names) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (String name : names) {
            String url = urlOf(env, name);
            if (url != null) {
                urls.put(name, url);
            }
        }
        for (String name : LOCAL.keySet()) {
            urls.computeIfAbsent(name, n -> urlOf(env, n));
        }
        return new Endpoints(urls.get(SagaMap.ORDER), urls.get(SagaMap.INVENTORY), urls.get(SagaMap.PAYMENT),
                urls.get(SagaMap.SHIPPING), env.getOrDefault("CHECKOUT_SANDBOX_URL", LOCAL_SANDBOX),
                env.getOrDefault("CHECKOUT_ISSUER", LOCAL_ISSUER), urls);
    }

    private static String urlOf(Map<String, String> env, String service) {
        String own = env.get(envName(service));
        if (own != null && !own.isBlank()) {
            return own;
        }
        String template = env.get(URL_TEMPLATE);
        if (template != null && !template.isBlank()) {
            return template.replace(SERVICE_PLACEHOLDER, service);
        }
        return LOCAL.get(service);
    }

    /** {@code order-service} -> {@code CHECKOUT_ORDER_URL}: the variable holding a service's base URL. */
    public static String envName(String service) {
        return "CHECKOUT_" + shortName(service).toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
    }

    /** {@code order-service} -> {@code order}: the name without {@code -service} (its option is {@code --order-url}). */
    static String shortName(String service) {
        return service.endsWith("-service") ? service.substring(0, service.length() - "-service".length()) : service;
    }

    /** A copy with {@code service}'s base URL set (a participant the six-URL constructor does not name). */
    public Endpoints withService(String service, String baseUrl) {
        Map<String, String> all = new LinkedHashMap<>(services);
        all.put(service, baseUrl);
        return new Endpoints(all.get(SagaMap.ORDER), all.get(SagaMap.INVENTORY), all.get(SagaMap.PAYMENT),
                all.get(SagaMap.SHIPPING), sandbox, issuer, all);
    }
}
