package dev.checkoutsaga.bench;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.checkoutsaga.realm.ClientToken;
import dev.checkoutsaga.realm.SyntheticCustomers;
import dev.checkoutsaga.realm.SyntheticCustomers.Customer;

/**
 * Who the load tools are to the services: {@value #CUSTOMERS} synthetic customers of the realm for
 * the orders (each order carries a real customer token, and the per-customer rate limit sees as many
 * customers as real traffic has), the back office's client for the catalog and for reading any
 * order. The realm is the local stack's unless {@code CHECKOUT_ISSUER} says otherwise.
 */
final class Callers {
    /**
     * Enough that the per-customer bucket on POST /orders (20 burst, 5/s refill) never refuses an
     * order of the ladder: at 160 orders/s each customer places 1.6 orders/s.
     */
    static final int CUSTOMERS = 100;
    static final String ISSUER = env("CHECKOUT_ISSUER", "http://localhost:8380/realms/checkout");
    /** The back office (admin role): catalog writes, reading any order. */
    static final ClientToken BACK_OFFICE = new ClientToken(ISSUER, "checkout-back-office",
            env("CHECKOUT_BACK_OFFICE_SECRET", "back-office-demo-secret"));

    private static List<Customer> customers;

    private Callers() {
    }

    /**
     * The customers, created in the realm on first use (~10 s), whose tokens a background thread then
     * keeps fresh: the load generator's threads never wait for the realm.
     */
    static synchronized List<Customer> customers() {
        if (customers == null) {
            long t0 = System.nanoTime();
            SyntheticCustomers realm = new SyntheticCustomers(ISSUER,
                    env("CHECKOUT_LOAD_GENERATOR_SECRET", SyntheticCustomers.DEMO_SECRET));
            customers = List.copyOf(realm.pool("bench", CUSTOMERS));
            customers.forEach(Customer::token);
            ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "token-refresher");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(() -> customers.forEach(c -> {
                try {
                    c.token();
                } catch (RuntimeException e) {
                    System.err.println("token of " + c.username() + " not renewed: " + e.getMessage());
                }
            }), 10, 10, TimeUnit.SECONDS);
            System.out.printf("%d customers of %s ready in %.1f s%n", CUSTOMERS, ISSUER, (System.nanoTime() - t0) / 1e9);
        }
        return customers;
    }

    static Customer anyCustomer() {
        List<Customer> all = customers();
        return all.get(ThreadLocalRandom.current().nextInt(all.size()));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
