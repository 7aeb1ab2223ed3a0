package dev.checkoutsaga.order.persistence;

import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One line of an order, with the unit price inventory quoted when it was placed (order currency). */
@Entity
@Table(name = "order_line")
public class OrderLineEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "order_id")
    public UUID orderId;
    @Column(name = "line_no")
    public int lineNo;
    public String sku;
    public int quantity;
    @Column(name = "unit_price_amount")
    public long unitPriceAmount;
}
