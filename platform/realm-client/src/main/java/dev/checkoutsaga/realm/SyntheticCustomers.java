package dev.checkoutsaga.realm;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import dev.checkoutsaga.realm.Realm.RealmException;

/**
 * Customers of the load tools (deploy/bench, the end-to-end tests): real users of the realm, so that
 * every order is placed with a real customer token, and the per-customer rate limit sees as many
 * customers as real traffic would. They are created through the realm's admin API by the client
 * {@value #LOAD_GENERATOR} (allowed to manage users, and nothing else), get the {@code customer}
 * role, and log in through the public client {@code checkout-cli}; their tokens are renewed with the
 * refresh token shortly before they expire. Creating one costs a few calls (~0.1-0.3 s); a user that
 * exists already (an earlier run on the same realm) is reused with its password reset.
 */
public final class SyntheticCustomers {
    /** The confidential client that may create users (the realm file's demo secret by default). */
    public static final String LOAD_GENERATOR = "checkout-load-generator";
    public static final String DEMO_SECRET = "load-generator-demo-secret";
    private static final String LOGIN_CLIENT = "checkout-cli";

    private final Realm realm;
    private final ClientToken admin;
    private final Map<String, Customer> byName = new ConcurrentHashMap<>();
    private volatile JsonNode customerRole;

    public SyntheticCustomers(String issuer, String loadGeneratorSecret) {
        this.realm = new Realm(issuer);
        this.admin = new ClientToken(issuer, LOAD_GENERATOR, loadGeneratorSecret);
    }

    /** The customer with this user name, created in the realm on first use. */
    public Customer customer(String username) {
        return byName.computeIfAbsent(username, this::create);
    }

    /** {@code count} customers {@code prefix-0001...}, created four at a time. */
    public List<Customer> pool(String prefix, int count) {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Customer>> created = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String name = "%s-%04d".formatted(prefix, i);
                created.add(workers.submit(() -> customer(name)));
            }
            List<Customer> customers = new ArrayList<>();
            for (Future<Customer> c : created) {
                customers.add(c.get());
            }
            return customers;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new RealmException("creating customers failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RealmException("interrupted", e);
        } finally {
            workers.shutdownNow();
        }
    }

    private Customer create(String username) {
        String password = username + "-load-demo";
        HttpResponse<String> created = realm.admin("POST", "/users", admin.get(), Map.of("username", username,
                "enabled", true, "firstName", "Load", "lastName", username, "email", username + "@load.checkout.invalid",
                "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
        String id;
        if (created.statusCode() == 201) {
            String location = created.headers().firstValue("Location").orElseThrow();
            id = location.substring(location.lastIndexOf('/') + 1);
        } else if (created.statusCode() == 409) {
            id = existingId(username);
            expect(realm.admin("PUT", "/users/" + id + "/reset-password", admin.get(),
                    Map.of("type", "password", "value", password, "temporary", false)), 204, "reset the password of " + username);
        } else {
            throw new RealmException("creating " + username + " answered " + created.statusCode() + ": " + created.body());
        }
        expect(realm.admin("POST", "/users/" + id + "/role-mappings/realm", admin.get(), List.of(customerRole())), 204,
                "give " + username + " the customer role");
        return new Customer(username, id, password);
    }

    private String existingId(String username) {
        HttpResponse<String> found = realm.admin("GET", "/users?exact=true&username=" + username, admin.get(), null);
        expect(found, 200, "look up " + username);
        JsonNode users = Realm.read(found.body());
        if (users.isEmpty()) {
            throw new RealmException("user " + username + " exists but cannot be found");
        }
        return users.get(0).path("id").asText();
    }

    private JsonNode customerRole() {
        if (customerRole == null) {
            HttpResponse<String> role = realm.admin("GET", "/roles/customer", admin.get(), null);
            expect(role, 200, "read the customer role");
            customerRole = Realm.read(role.body());
        }
        return customerRole;
    }

    private static void expect(HttpResponse<String> answer, int status, String what) {
        if (answer.statusCode() != status) {
            throw new RealmException("could not " + what + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    /** One customer: the user name, the subject of their tokens (the orders' customer id), a token. */
    public final class Customer {
        private final String username;
        private final String subject;
        private final String password;
        private AccessToken current;

        private Customer(String username, String subject, String password) {
            this.username = username;
            this.subject = subject;
            this.password = password;
        }

        public String username() {
            return username;
        }

        /** The tokens' {@code sub}: the customer id order-service records. */
        public String subject() {
            return subject;
        }

        /** A usable access token: logged in on first use, renewed (refresh token, else password) before expiry. */
        public synchronized String token() {
            if (current != null && current.fresh()) {
                return current.value();
            }
            if (current != null && current.refreshToken() != null) {
                try {
                    current = realm.token(Realm.form("grant_type", "refresh_token", "client_id", LOGIN_CLIENT,
                            "refresh_token", current.refreshToken()));
                    return current.value();
                } catch (RealmException e) {
                    // the session ended (idle or maximum lifetime): log in again
                }
            }
            current = realm.token(Realm.form("grant_type", "password", "client_id", LOGIN_CLIENT, "username", username,
                    "password", password));
            return current.value();
        }
    }
}
