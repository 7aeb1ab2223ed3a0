package dev.checkoutsaga.sandbox.payments;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A charge as the provider shows it. {@code failureCode} only on failed charges;
 * {@code amountRefunded} is the sum of its refunds at the time of the answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Charge(String id, String object, String status, String failureCode, long amount, long amountRefunded,
        String currency, UUID orderId, String description, Instant created) {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public static Charge succeeded(String id, long amount, String currency, UUID orderId, String description, Instant created) {
        return new Charge(id, "charge", SUCCEEDED, null, amount, 0, currency, orderId, description, created);
    }

    public static Charge failed(String id, String failureCode, long amount, String currency, UUID orderId,
            String description, Instant created) {
        return new Charge(id, "charge", FAILED, failureCode, amount, 0, currency, orderId, description, created);
    }

    @JsonIgnore
    public boolean isSucceeded() {
        return SUCCEEDED.equals(status);
    }

    public Charge withAmountRefunded(long refunded) {
        return new Charge(id, object, status, failureCode, amount, refunded, currency, orderId, description, created);
    }
}
