package dev.checkoutsaga.payment.persistence;

import java.time.Instant;
import java.util.UUID;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.payment.domain.PaymentKind;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentSaga.PaymentFacts;
import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.steps.SagaRecord;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * payment-service's record of one payment (table {@code payment}): an order's saga payment, or a
 * direct payment (its {@code orderId} is then its own id); see V1__payments.sql and V2__direct_payments.sql.
 */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase implements SagaRecord<PaymentStatus, PaymentFacts> {
    @Id
    public UUID id;

    @Column(name = "order_id", nullable = false, updatable = false)
    public UUID orderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PaymentStatus status;

    /** SAGA (the saga's rows get it from the column default) or DIRECT. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public PaymentKind kind = PaymentKind.SAGA;

    /** The client's reference of a direct payment; null for the saga. */
    @Column(updatable = false)
    public String reference;

    /** The Idempotency-Key of a direct payment and its caller (the key is the caller's own); null for the saga. */
    @Column(name = "idempotency_caller", updatable = false)
    public String idempotencyCaller;

    @Column(name = "idempotency_key", updatable = false)
    public String idempotencyKey;

    /** The order total in minor units; null for a tombstone. */
    @Column(name = "amount_minor")
    public Long amountMinor;

    @Column
    public String currency;

    @Column(name = "payment_token")
    public String paymentToken;

    @Convert(converter = ShippingAddressConverter.class)
    @Column(name = "shipping_address")
    public ShippingAddress shippingAddress;

    /** The order's deadline (StockReserved); null when unknown. */
    @Column
    public java.time.Instant deadline;

    @Column(name = "provider_charge_id")
    public String providerChargeId;

    @Column(name = "failure_code")
    public String failureCode;

    @Column(name = "refunded_minor", nullable = false)
    public long refundedMinor;

    @Column(name = "cancel_requested", nullable = false)
    public boolean cancelRequested;

    @Column(name = "settled_at")
    public Instant settledAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public boolean settled() {
        return settledAt != null;
    }

    /** The order's currency, or {@link PaymentSaga#NO_CURRENCY} when payment-service never learned it. */
    public String currencyOrNone() {
        return currency != null ? currency : PaymentSaga.NO_CURRENCY;
    }

    public Money amount() {
        return amountMinor == null ? null : new Money(amountMinor, currencyOrNone());
    }

    public Money captured() {
        return new Money(PaymentSaga.capturedMinor(providerChargeId, amountMinor), currencyOrNone());
    }

    public Money refunded() {
        return new Money(refundedMinor, currencyOrNone());
    }

    @Override
    public void touch(PaymentStatus newStatus) {
        status = newStatus;
        updatedAt = Instant.now();
        if (newStatus != PaymentStatus.PENDING) {
            // the charge has its outcome (or will never be made): the card token is not kept a moment longer
            // than a charge attempt may need it; a refund needs only the provider's charge id
            paymentToken = null;
        }
    }

    @Override
    public void settle() {
        settledAt = Instant.now();
        updatedAt = settledAt;
    }

    @Override
    public UUID orderId() {
        return orderId;
    }

    @Override
    public PaymentFacts facts() {
        return new PaymentFacts(orderId, id, amount(), currencyOrNone(), shippingAddress, deadline, captured(), refunded());
    }
}
