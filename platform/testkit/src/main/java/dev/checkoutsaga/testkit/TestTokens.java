package dev.checkoutsaga.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Bearer access tokens for a service's tests, shaped like the realm's (subject, {@code upn},
 * {@code groups} = realm roles, audience {@code checkout-api}) and signed with the test kit's key,
 * whose public half the services' test profile trusts (platform/web, {@code %test.quarkus.oidc.public-key}).
 * Also the tokens a service must refuse: expired, signed with another key, from another issuer, for
 * another audience. The end-to-end tests and the local stack use Keycloak instead.
 */
public final class TestTokens {
    /** The issuer the services' test profile expects. */
    public static final String ISSUER = "https://issuer.test.checkout.invalid/realms/checkout";
    public static final String AUDIENCE = "checkout-api";

    private static final PrivateKey KEY = load("/tokens/test-signing-key.pem");

    private TestTokens() {
    }

    /** A valid token of {@code subject} with these realm roles. */
    public static String of(String subject, String... roles) {
        return claims(subject, roles).sign(KEY);
    }

    public static String customer(String subject) {
        return of(subject, "customer");
    }

    /** The audit's client (checkout-audit): the auditor role, reads only. */
    public static String auditor() {
        return of("checkout-audit", "auditor");
    }

    public static String admin() {
        return of("test-clerk", "admin");
    }

    public static String expired(String subject, String... roles) {
        Instant issued = Instant.now().minus(Duration.ofHours(1));
        return claims(subject, roles).issuedAt(issued).expiresAt(issued.plus(Duration.ofMinutes(5))).sign(KEY);
    }

    /** Right claims, signed with a key nobody trusts. */
    public static String signedByAnotherKey(String subject, String... roles) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims(subject, roles).sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String fromAnotherIssuer(String subject, String... roles) {
        return claims(subject, roles).issuer("https://evil.example/realms/checkout").sign(KEY);
    }

    public static String forAnotherAudience(String subject, String... roles) {
        return claims(subject, roles).audience("another-api").sign(KEY);
    }

    private static String read(String resource) {
        try (InputStream in = TestTokens.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the test kit");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static JwtClaimsBuilder claims(String subject, String... roles) {
        return Jwt.issuer(ISSUER).subject(subject).upn(subject).audience(AUDIENCE).groups(Set.of(roles))
                .expiresIn(Duration.ofMinutes(5)); // signed RS256, as Keycloak signs
    }

    private static PrivateKey load(String resource) {
        try {
            return KeyUtils.decodePrivateKey(read(resource));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test signing key " + resource, e);
        }
    }
}
