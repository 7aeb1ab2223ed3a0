package dev.checkoutsaga.order.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.order.domain.OrderStatus;
import dev.checkoutsaga.order.domain.SagaState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One order row: header, shipping address and the saga facts ({@link SagaState}). */
@Entity
@Table(name = "orders")
public class OrderEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "customer_id")
    public String customerId;
    @Enumerated(EnumType.STRING)
    public OrderStatus status;
    @Enumerated(EnumType.STRING)
    public CancellationReason reason;
    @Column(name = "reason_detail")
    public String reasonDetail;
    public String currency;
    @Column(name = "total_amount")
    public long totalAmount;
    @Column(name = "payment_token_hint")
    public String paymentTokenHint;
    @Column(name = "ship_name")
    public String shipName;
    @Column(name = "ship_line1")
    public String shipLine1;
    @Column(name = "ship_line2")
    public String shipLine2;
    @Column(name = "ship_city")
    public String shipCity;
    @Column(name = "ship_postal_code")
    public String shipPostalCode;
    @Column(name = "ship_country")
    public String shipCountry;
    public Instant deadline;
    @Column(name = "trace_parent")
    public String traceParent;
    /** The client's Idempotency-Key of the request that placed the order (null without one). */
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "stock_reserved")
    public boolean stockReserved;
    @Column(name = "payment_captured")
    public boolean paymentCaptured;
    @Column(name = "shipment_scheduled")
    public boolean shipmentScheduled;
    @Column(name = "inventory_settled")
    public boolean inventorySettled;
    @Column(name = "released_stock")
    @Convert(converter = StockLinesConverter.class)
    public List<StockLine> releasedStock;
    @Column(name = "payment_settled")
    public boolean paymentSettled;
    @Column(name = "refunded_amount")
    public Long refundedAmount;
    @Column(name = "refunded_currency")
    public String refundedCurrency;
    @Column(name = "shipping_settled")
    public boolean shippingSettled;
    @Column(name = "cancelled_tracking_number")
    public String cancelledTrackingNumber;

    public Money total() {
        return new Money(totalAmount, currency);
    }

    public ShippingAddress shippingAddress() {
        return new ShippingAddress(shipName, shipLine1, shipLine2, shipCity, shipPostalCode, shipCountry);
    }

    public SagaState sagaState() {
        Money refunded = refundedAmount == null ? null : new Money(refundedAmount, refundedCurrency);
        return new SagaState(status, reason, reasonDetail, stockReserved, paymentCaptured, shipmentScheduled,
                inventorySettled, releasedStock, paymentSettled, refunded, shippingSettled, cancelledTrackingNumber);
    }

    /** Copies the machine's new state onto the row (flushed when the transaction commits). */
    public void apply(SagaState s, Instant now) {
        status = s.status();
        reason = s.reason();
        reasonDetail = truncate(s.reasonDetail(), 512);
        stockReserved = s.stockReserved();
        paymentCaptured = s.paymentCaptured();
        shipmentScheduled = s.shipmentScheduled();
        inventorySettled = s.inventorySettled();
        releasedStock = s.inventorySettled() ? s.released() : null;
        paymentSettled = s.paymentSettled();
        refundedAmount = s.refunded() == null ? null : s.refunded().amountMinor();
        refundedCurrency = s.refunded() == null ? null : s.refunded().currency();
        shippingSettled = s.shippingSettled();
        cancelledTrackingNumber = s.cancelledTrackingNumber();
        updatedAt = now;
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
