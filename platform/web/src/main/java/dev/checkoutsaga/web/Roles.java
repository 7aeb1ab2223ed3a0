package dev.checkoutsaga.web;

/**
 * The realm roles the services check (the tokens' {@code groups} claim; deploy/helm/checkout/files/keycloak/
 * checkout-realm.json defines them). Which endpoint needs which role is each service's rule, next to
 * the endpoint; docs/security.md has the table.
 */
public final class Roles {
    /** Places orders for themselves; lists, reads and cancels only their own. */
    public static final String CUSTOMER = "customer";
    /** The back office: catalog, prices and stock; every order. */
    public static final String ADMIN = "admin";
    /** Direct charges and the payment listings. */
    public static final String PAYMENTS_OPERATOR = "payments-operator";
    /** The shipment listings. */
    public static final String SHIPPING_OPERATOR = "shipping-operator";
    /** Reads everything, writes nothing (the audit). */
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
