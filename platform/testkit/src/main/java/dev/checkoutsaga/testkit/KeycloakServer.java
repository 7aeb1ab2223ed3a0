package dev.checkoutsaga.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

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
        return token("grant_type=password&client_id=checkout-cli&username=" + encode(username) + "&password="
                + encode(password));
    }

    /** A client's own access token (client credentials), e.g. {@code checkout-back-office}. */
    public String clientToken(String clientId, String secret) {
        return token("grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(secret));
    }

    private String token(String form) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(answer.body());
            if (answer.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("Keycloak refused a token: " + answer.statusCode() + " " + answer.body());
            }
            return token.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.close();
    }
}
