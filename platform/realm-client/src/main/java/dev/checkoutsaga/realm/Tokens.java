package dev.checkoutsaga.realm;

/** One access token, fetched now: a user's (password grant) or a confidential client's own. */
public final class Tokens {

    private Tokens() {
    }

    /** A user's access token through the public client {@code clientId} (the demo realm's {@code checkout-cli}). */
    public static String password(String issuer, String clientId, String username, String password) {
        return new Realm(issuer).token(Realm.form("grant_type", "password", "client_id", clientId, "username", username,
                "password", password)).value();
    }

    /** A confidential client's own access token (client credentials). */
    public static String clientCredentials(String issuer, String clientId, String secret) {
        return new Realm(issuer).token(Realm.form("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret)).value();
    }
}
