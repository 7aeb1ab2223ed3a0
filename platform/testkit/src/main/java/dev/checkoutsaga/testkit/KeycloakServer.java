package dev.checkoutsaga.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.checkoutsaga.realm.Tokens;

/**
 * Keycloak, the identity provider of the local stack and of the end-to-end tests, as its own process:
 * the server distribution this module's build unpacks under {@code platform/testkit/target/keycloak/}
 * ({@code org.keycloak:keycloak-quarkus-dist}), in development mode, with the realm of the Helm chart
 * ({@code deploy/helm/checkout/files/keycloak/checkout-realm.json}: demo users, roles, clients) imported
 * at start. Its database is in memory: the realm's users keep their ids across starts (the realm file
 * fixes them), signing keys do not, so tokens of an earlier start are refused.
 */
public final class KeycloakServer implements AutoCloseable {
    public static final String REALM = "checkout";

    /** The unpacked distribution (see this module's pom.xml). */
    public static Path home() {
        Path dir = QuarkusAppProcess.projectRoot().resolve("platform/testkit/target/keycloak");
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("keycloak-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Keycloak distribution in " + dir));
        } catch (IOException e) {
            throw new IllegalStateException("no Keycloak distribution in " + dir + " (build platform/testkit)", e);
        }
    }

    /** The realm every deployment imports (the chart's copy: one file for the cluster and for here). */
    public static Path realmFile() {
        return QuarkusAppProcess.projectRoot().resolve("deploy/helm/checkout/files/keycloak/checkout-realm.json");
    }

    private final QuarkusAppProcess process;

    private KeycloakServer(QuarkusAppProcess process) {
        this.process = process;
    }

    /** Starts Keycloak on {@code port} and waits until the realm answers (~20-40 s on 2 cores). */
    public static KeycloakServer start(int port) {
        importRealm();
        List<String> command = List.of("bash", home().resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-management-port=" + FreePorts.find(), "--db=dev-mem",
                "--import-realm", "--log-level=warn");
        Map<String, String> env = Map.of(
                "JAVA_HOME", Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent().toString(),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        return new KeycloakServer(QuarkusAppProcess.startCommand("keycloak", command, port, env,
                "/realms/" + REALM + "/.well-known/openid-configuration"));
    }

    /** {@code --import-realm} reads the distribution's data/import directory. */
    private static void importRealm() {
        try {
            Path dir = Files.createDirectories(home().resolve("data/import"));
            Files.copy(realmFile(), dir.resolve(realmFile().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot put the realm where Keycloak imports it", e);
        }
    }

    public String baseUrl() {
        return process.baseUrl();
    }

    /** The issuer of the realm's tokens (their {@code iss}), the services' {@code mp.jwt.verify.issuer}. */
    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    /** A demo user's access token (password grant through the public demo client {@code checkout-cli}). */
    public String userToken(String username, String password) {
        return Tokens.password(issuer(), "checkout-cli", username, password);
    }

    /** A client's own access token (client credentials), e.g. {@code checkout-back-office}. */
    public String clientToken(String clientId, String secret) {
        return Tokens.clientCredentials(issuer(), clientId, secret);
    }

    @Override
    public void close() {
        process.close();
    }
}
