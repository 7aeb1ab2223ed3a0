package dev.checkoutsaga.audit;

import java.util.Map;

/** Base URLs of what the audit reads. Defaults match the local stack's ports. */
public record Endpoints(String order, String inventory, String payment, String shipping, String sandbox) {

    public static Endpoints local() {
        return new Endpoints("http://localhost:8080", "http://localhost:8081", "http://localhost:8082",
                "http://localhost:8083", "http://localhost:8090");
    }

    /** From environment variables ({@code CHECKOUT_ORDER_URL} ...), falling back to {@link #local()}. */
    public static Endpoints fromEnv(Map<String, String> env) {
        Endpoints d = local();
        return new Endpoints(env.getOrDefault("CHECKOUT_ORDER_URL", d.order()),
                env.getOrDefault("CHECKOUT_INVENTORY_URL", d.inventory()),
                env.getOrDefault("CHECKOUT_PAYMENT_URL", d.payment()),
                env.getOrDefault("CHECKOUT_SHIPPING_URL", d.shipping()),
                env.getOrDefault("CHECKOUT_SANDBOX_URL", d.sandbox()));
    }
}
