package dev.checkoutsaga.realm;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The realm's token endpoint and admin API over HTTP, given the issuer URL
 * ({@code http://host:port/realms/checkout}).
 */
final class Realm {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String issuer;

    Realm(String issuer) {
        this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    String issuer() {
        return issuer;
    }

    /** {@code http://host:port/admin/realms/<realm>}. */
    String adminBase() {
        int realms = issuer.lastIndexOf("/realms/");
        return issuer.substring(0, realms) + "/admin" + issuer.substring(realms);
    }

    /** A token request (form fields as given); fails with the realm's error unless it answers 200. */
    AccessToken token(Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (answer.statusCode() != 200) {
            throw new RealmException("the realm refused a token (" + form.get("grant_type") + "): " + answer.statusCode()
                    + " " + answer.body());
        }
        return AccessToken.of(read(answer.body()));
    }

    static Map<String, String> form(String... keysAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            form.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return form;
    }

    HttpResponse<String> admin(String method, String path, String bearer, Object json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminBase() + path))
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(write(json)));
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RealmException("the realm at " + issuer + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RealmException("interrupted", e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new RealmException("not JSON: " + json, e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The realm did not answer or refused. */
    public static final class RealmException extends RuntimeException {
        RealmException(String message) {
            super(message);
        }

        RealmException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
