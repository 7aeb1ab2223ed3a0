package dev.checkoutsaga.order.client;

/**
 * How a price lookup failed, as the fault-tolerance policy of {@link PriceSource} needs to know it:
 * {@link Transient} (connection error, 5xx, 429; timeouts are the FT TimeoutException) is retried
 * and counts for the circuit breaker; {@link Rejected} (any other 4xx, an unusable body) is an
 * answer and is neither retried nor counted. A 404 is no failure at all: the SKU is unknown.
 */
public abstract class InventoryFailure extends RuntimeException {

    protected InventoryFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** Inventory could not answer now; asking again later may work. */
    public static final class Transient extends InventoryFailure {
        public Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Inventory answered, but not with a usable price; asking again will not help. */
    public static final class Rejected extends InventoryFailure {
        public Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The order's budget for prices (order.price-source.budget) ran out before inventory answered:
     * not retried, not counted by the breaker (it says nothing about inventory's health); the cache
     * answers if it can.
     */
    public static final class BudgetSpent extends InventoryFailure {
        public BudgetSpent(String message) {
            super(message, null);
        }
    }

    /** Neither inventory nor the price cache has a price for the SKU: the caller answers 503. */
    public static final class NoPrice extends InventoryFailure {
        public NoPrice(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
