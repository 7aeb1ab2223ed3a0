package dev.checkoutsaga.realm;

import java.util.function.Supplier;

/**
 * A confidential client's own access token (client credentials grant), fetched on first use and
 * fetched again shortly before it expires: {@link #get()} always returns a usable token.
 */
public final class ClientToken implements Supplier<String> {
    private final Realm realm;
    private final String clientId;
    private final String secret;
    private AccessToken current;

    public ClientToken(String issuer, String clientId, String secret) {
        this.realm = new Realm(issuer);
        this.clientId = clientId;
        this.secret = secret;
    }

    @Override
    public synchronized String get() {
        if (current == null || !current.fresh()) {
            current = realm.token(Realm.form("grant_type", "client_credentials", "client_id", clientId,
                    "client_secret", secret));
        }
        return current.value();
    }
}
