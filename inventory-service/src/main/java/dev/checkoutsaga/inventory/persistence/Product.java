package dev.checkoutsaga.inventory.persistence;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A product with its price and stock counters (table {@code product}). */
@Entity
@Table(name = "product")
public class Product extends PanacheEntityBase {
    @Id
    public String sku;

    @Column(nullable = false)
    public String name;

    /** Minor units (cents) of {@link #currency}. */
    @Column(name = "price_minor", nullable = false)
    public long priceMinor;

    @Column(nullable = false)
    public String currency;

    @Column(nullable = false)
    public int available;

    /** Stock ever received (seed + restocks - write-offs): available + reserved + sold equals it. */
    public long received;

    @Column(nullable = false)
    public int reserved;

    @Column(nullable = false)
    public int sold;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
