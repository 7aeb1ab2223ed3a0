package dev.checkoutsaga.web;

/**
 * The realm roles the services check (the tokens' {@code groups} claim). The realm
 * (deploy/helm/checkout/files/keycloak/checkout-realm.json) defines all of them and docs/security.md
 * has the table. Which endpoint needs which role is each service's rule, next to the endpoint.
 */
public final class Roles {
    /** Places orders for themselves; sees and cancels only their own. */
    public static final String CUSTOMER = "customer";
    /** The back office: catalog, prices and stock; every order. */
    public static final String ADMIN = "admin";
    /** Direct charges and the payment listings. */
    public static final String PAYMENTS_OPERATOR = "payments-operator";
    /** The shipment listings. */
    public static final String SHIPPING_OPERATOR = "shipping-operator";
    /** Reads everything (the audit), writes nothing. */
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
