package dev.checkoutsaga.testkit;

import java.util.UUID;

import dev.checkoutsaga.sealing.PaymentTokens;

/**
 * The test kit's key ring for the card token's trip from order-service to payment-service
 * (platform/sealing), given to every service a test starts ({@link CheckoutInfraResource}, the
 * end-to-end stack), and the events' sealed tokens that tests publish as order-service would.
 * A test key: never the ring of a deployment.
 */
public final class TestPaymentTokens {
    /** {@code checkout.payment-token.keys} of every service a test starts. */
    public static final String RING = "test-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static final PaymentTokens TOKENS = new PaymentTokens(RING);

    private TestPaymentTokens() {
    }

    /** {@code clearToken} sealed for {@code orderId}, as order-service puts it in OrderPlaced. */
    public static String sealed(UUID orderId, String clearToken) {
        return TOKENS.seal(orderId, clearToken);
    }
}
