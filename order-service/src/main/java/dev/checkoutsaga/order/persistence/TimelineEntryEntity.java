package dev.checkoutsaga.order.persistence;

import java.time.Instant;
import java.util.UUID;

import dev.checkoutsaga.order.domain.TimelineEntry;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Column;

/** One timeline entry of an order; the identity column keeps insertion order. */
@Entity
@Table(name = "order_timeline")
public class TimelineEntryEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "order_id")
    public UUID orderId;
    public String event;
    public Instant at;
    public String service;
    public String detail;

    public static TimelineEntryEntity of(UUID orderId, TimelineEntry e) {
        TimelineEntryEntity row = new TimelineEntryEntity();
        row.orderId = orderId;
        row.event = e.event();
        row.at = e.at();
        row.service = e.service();
        row.detail = OrderEntity.truncate(e.detail(), 1024);
        return row;
    }
}
