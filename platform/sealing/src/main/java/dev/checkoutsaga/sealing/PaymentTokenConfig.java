package dev.checkoutsaga.sealing;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The key ring of the card token's trip from order-service to payment-service (docs/security.md). */
@ConfigMapping(prefix = "checkout.payment-token")
public interface PaymentTokenConfig {

    /**
     * {@code id:base64,...}: 32 random bytes each ({@code openssl rand -base64 32}); the first
     * seals, all open. Env {@code CHECKOUT_PAYMENT_TOKEN_KEYS}, from the Secret {@code payment-token-keys}
     * in a cluster. Only order-service and payment-service have it; without it they do not start.
     */
    Optional<String> keys();
}
