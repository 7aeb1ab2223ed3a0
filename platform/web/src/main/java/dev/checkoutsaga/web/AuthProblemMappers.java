package dev.checkoutsaga.web;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Authentication and authorization failures as application/problem+json, like every other error:
 * 401 with a {@code WWW-Authenticate: Bearer} challenge (RFC 6750) when the token is missing, expired,
 * wrongly signed, from another issuer or for another audience; 403 when a valid token lacks the role;
 * 503 with Retry-After when the issuer cannot be reached to check a token.
 * The detail never says which check failed beyond what RFC 6750's error codes say: a caller probing
 * tokens learns nothing more.
 */
public class AuthProblemMappers {
    static final String CHALLENGE = "Bearer realm=\"checkout\"";
    private static final Logger LOG = Logger.getLogger(AuthProblemMappers.class);

    /** Retry-After of a 503 when the token issuer cannot be reached. */
    @ConfigProperty(name = "checkout.identity.unavailable-retry-after", defaultValue = "5s")
    Duration retryAfter;

    /** No token on an endpoint that needs one. */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return challenge(CHALLENGE, "a bearer access token is required");
    }

    /** A token was sent and refused. */
    @ServerExceptionMapper
    public Response badToken(AuthenticationFailedException e) {
        return challenge(CHALLENGE + ", error=\"invalid_token\"", "the bearer access token is not valid");
    }

    /**
     * The issuer could not be reached to fetch its keys (never reached since the start, or a token names
     * a key the service has not seen): the token cannot be checked now, so the answer is "try again",
     * not "server error" and not "bad token". Tokens signed with keys already fetched keep working
     * while the issuer is down.
     */
    @ServerExceptionMapper
    public Response issuerUnavailable(OIDCException e) {
        LOG.warnf("the token issuer is unavailable: %s", e.getMessage());
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                "the identity provider cannot be reached to check the token; retry later", List.of()).toResponse())
                .header(HttpHeaders.RETRY_AFTER, retryAfter.toSeconds()).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Response.Status.FORBIDDEN, "the caller's roles do not allow this", List.of()).toResponse();
    }

    private static Response challenge(String challenge, String detail) {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, detail, List.of()).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }
}
