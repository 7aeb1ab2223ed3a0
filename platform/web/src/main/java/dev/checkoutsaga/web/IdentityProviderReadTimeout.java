package dev.checkoutsaga.web;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.common.OidcRequestFilter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Bounds every call to the identity provider (the discovery document, its keys; the token endpoint
 * of the realm client): Quarkus OIDC bounds only the connect ({@code quarkus.oidc.connection-timeout}),
 * so an issuer that accepts the connection and never answers would hold each request that carries a
 * token, and the service's start, for as long as the socket lives. Past {@code
 * checkout.identity.read-timeout} without an answer the call fails like an unreachable issuer: 503
 * with Retry-After ({@link AuthProblemMappers}).
 */
@ApplicationScoped
@Unremovable
public class IdentityProviderReadTimeout implements OidcRequestFilter {

    /** How long a call to the identity provider may wait for its answer once connected. */
    @ConfigProperty(name = "checkout.identity.read-timeout", defaultValue = "3s")
    Duration readTimeout;

    @Override
    public void filter(OidcRequestContext request) {
        request.request().timeout(readTimeout.toMillis());
    }
}
