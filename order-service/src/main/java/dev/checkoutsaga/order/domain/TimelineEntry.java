package dev.checkoutsaga.order.domain;

import java.time.Instant;

/** One line of an order's history: what happened, when, caused by which service. */
public record TimelineEntry(String event, Instant at, String service, String detail) {
}
