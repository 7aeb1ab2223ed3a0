package dev.checkoutsaga.web;

/**
 * The realm roles the services check (the tokens' {@code groups} claim). The realm
 * (deploy/helm/checkout/files/keycloak/checkout-realm.json) defines all of them; docs/security.md has
 * the table and says which are enforced yet. Which endpoint needs which role is each service's rule,
 * next to the endpoint.
 */
public final class Roles {
    /** The back office: catalog, prices and stock. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
