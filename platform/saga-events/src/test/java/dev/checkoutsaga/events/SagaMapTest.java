package dev.checkoutsaga.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class SagaMapTest {

    @Test
    void everyEventTypeHasItsPlaceInTheSaga() {
        for (EventType type : EventType.values()) {
            assertEquals(type, SagaMap.of(type).type());
            assertTrue(SagaMap.SERVICES.contains(SagaMap.of(type).producer()), type + ": an unknown producer");
        }
    }

    @Test
    void eachTopicHasOneWriter() {
        Map<String, Set<String>> writers = SagaMap.routes().stream().collect(Collectors.groupingBy(SagaMap.Route::topic,
                Collectors.mapping(SagaMap.Route::producer, Collectors.toSet())));
        writers.forEach((topic, producers) -> assertEquals(1, producers.size(), topic + " is written by " + producers));
    }

    @Test
    void theBrokerHoldsEveryTopicTheServicesConsumeAndNoOther() {
        Set<String> consumed = SagaMap.SERVICES.stream().flatMap(s -> SagaMap.topicsConsumedBy(s).stream())
                .collect(Collectors.toSet());
        assertEquals(consumed, Set.copyOf(SagaMap.topics()));
        assertEquals(Set.of(Topics.ORDERS, Topics.INVENTORY, Topics.PAYMENTS, Topics.SHIPPING, Topics.ORDERS_DEFERRED),
                Set.copyOf(SagaMap.topics()));
    }

    @Test
    void everyCancelledOrderWaitsForThreeSettlementsOneFromEachParticipant() {
        assertEquals(EnumSet.of(EventType.INVENTORY_SETTLED, EventType.PAYMENT_SETTLED, EventType.SHIPPING_SETTLED),
                SagaMap.settlements());
        assertEquals(3, SagaMap.participantsThatSettle());
        for (EventType settlement : SagaMap.settlements()) {
            assertEquals(Set.of(SagaMap.ORDER), SagaMap.of(settlement).consumers(), settlement + " is for order-service");
        }
    }

    @Test
    void eachParticipantActsOnTheEventsOfTheStepBeforeItAndOnCancellations() {
        assertEquals(EnumSet.of(EventType.ORDER_PLACED, EventType.ORDER_CANCELLATION_REQUESTED, EventType.ORDER_COMPLETED),
                SagaMap.handledBy(SagaMap.INVENTORY));
        assertEquals(EnumSet.of(EventType.STOCK_RESERVED, EventType.ORDER_CANCELLATION_REQUESTED),
                SagaMap.handledBy(SagaMap.PAYMENT));
        assertEquals(EnumSet.of(EventType.PAYMENT_CAPTURED, EventType.ORDER_CANCELLATION_REQUESTED),
                SagaMap.handledBy(SagaMap.SHIPPING));
        assertEquals(Set.of(Topics.INVENTORY, Topics.PAYMENTS, Topics.SHIPPING, Topics.ORDERS_DEFERRED),
                SagaMap.topicsConsumedBy(SagaMap.ORDER));
        assertFalse(SagaMap.handledBy(SagaMap.ORDER).contains(EventType.ORDER_PLACED), "order-service never reads its own saga events");
    }

    @Test
    void theDiagramNamesEveryRouteAndIsTheSameOnEveryRun() {
        String diagram = SagaMap.mermaid();
        assertEquals(diagram, SagaMap.mermaid());
        for (SagaMap.Route r : SagaMap.routes()) {
            assertTrue(diagram.contains(r.type().simpleName() + " (" + r.topic()), r.type() + " is missing from\n" + diagram);
        }
    }
}
