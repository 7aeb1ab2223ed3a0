package dev.checkoutsaga.audit;

import java.util.Map;

/**
 * Base URLs of what the audit reads, and the issuer of its token (the realm the audit's own client,
 * {@code checkout-audit}, belongs to). Defaults match the local stack's ports.
 */
public record Endpoints(String order, String inventory, String payment, String shipping, String sandbox, String issuer) {

    public static Endpoints local() {
        return new Endpoints("http://localhost:8080", "http://localhost:8081", "http://localhost:8082",
                "http://localhost:8083", "http://localhost:8090", "http://localhost:8380/realms/checkout");
    }

    /** From environment variables ({@code CHECKOUT_ORDER_URL} ...), falling back to {@link #local()}. */
    public static Endpoints fromEnv(Map<String, String> env) {
        Endpoints d = local();
        return new Endpoints(env.getOrDefault("CHECKOUT_ORDER_URL", d.order()),
                env.getOrDefault("CHECKOUT_INVENTORY_URL", d.inventory()),
                env.getOrDefault("CHECKOUT_PAYMENT_URL", d.payment()),
                env.getOrDefault("CHECKOUT_SHIPPING_URL", d.shipping()),
                env.getOrDefault("CHECKOUT_SANDBOX_URL", d.sandbox()),
                env.getOrDefault("CHECKOUT_ISSUER", d.issuer()));
    }
}
