package dev.checkoutsaga.realm;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** An access token with the refresh token that renews it (none for client credentials) and its expiry. */
record AccessToken(String value, String refreshToken, Instant expiresAt) {

    /** Renewed this long before it expires, so that a request never carries a token about to lapse. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    static AccessToken of(JsonNode answer) {
        String refresh = answer.path("refresh_token").asText(null);
        return new AccessToken(answer.path("access_token").asText(), refresh,
                Instant.now().plusSeconds(answer.path("expires_in").asLong(60)));
    }

    boolean fresh() {
        return Instant.now().isBefore(expiresAt.minus(MARGIN));
    }
}
