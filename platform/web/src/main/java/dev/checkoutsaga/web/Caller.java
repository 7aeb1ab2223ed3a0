package dev.checkoutsaga.web;

import java.util.Arrays;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Who sent the current request, from its verified bearer token: the subject ({@code sub}, a
 * customer's id, stable across user-name changes) and the realm roles. Anonymous when the endpoint
 * does not require a token and none was sent.
 */
@RequestScoped
public class Caller {
    @Inject
    SecurityIdentity identity;

    /** The token's subject (the principal's name: {@code quarkus.oidc.token.principal-claim=sub}); null if anonymous. */
    public String id() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    public boolean isAnonymous() {
        return identity.isAnonymous();
    }

    public boolean hasAnyRole(String... roles) {
        return Arrays.stream(roles).anyMatch(identity::hasRole);
    }
}
