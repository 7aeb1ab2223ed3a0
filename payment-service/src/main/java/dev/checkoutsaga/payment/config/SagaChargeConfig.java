package dev.checkoutsaga.payment.config;

import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;

/**
 * What an order's charge may be (prefix {@code payment.saga}). payment-service charges the total
 * that StockReserved carries; it does not take that total on trust: beyond these bounds the payment is
 * declined without calling the provider (failure code {@code amount_out_of_bounds} or
 * {@code currency_not_accepted}), and the order is cancelled with its stock released.
 */
@ConfigMapping(prefix = "payment.saga")
public interface SagaChargeConfig {

    /** Largest total one order may be charged, in minor units (10,000.00 by default). */
    @WithDefault("1000000")
    @Positive
    long maxAmount();

    /** ISO 4217 currencies an order may be charged in. */
    @WithDefault("EUR")
    Set<String> currencies();
}
