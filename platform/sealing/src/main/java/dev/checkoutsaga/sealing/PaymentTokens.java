package dev.checkoutsaga.sealing;

import java.util.UUID;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The card token as it travels in the saga: sealed by order-service for payment-service, bound to
 * its order, opaque to everything in between (Kafka, inventory-service, outbox rows, dead letters).
 * Checked at start-up, so a service without a usable key ring never starts.
 */
@ApplicationScoped
@Startup
public class PaymentTokens {

    private final Sealer sealer;

    @Inject
    public PaymentTokens(PaymentTokenConfig config) {
        this(config.keys().orElse(null));
    }

    /** For plain Java (tests, tools): a ring as {@link KeyRing#parse} reads it. */
    public PaymentTokens(String keyRing) {
        try {
            this.sealer = new Sealer(KeyRing.parse(keyRing));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("checkout.payment-token.keys (env CHECKOUT_PAYMENT_TOKEN_KEYS): "
                    + e.getMessage(), e);
        }
    }

    public String seal(UUID orderId, String clearToken) {
        return sealer.seal(clearToken, context(orderId));
    }

    /** @throws UnreadableSealException when it is not a token sealed for this order with a key on the ring */
    public String open(UUID orderId, String sealedToken) {
        return sealer.open(sealedToken, context(orderId));
    }

    private static String context(UUID orderId) {
        return "checkout.payment-token/" + orderId;
    }
}
