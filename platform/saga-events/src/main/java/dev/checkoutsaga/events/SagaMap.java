package dev.checkoutsaga.events;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.checkoutsaga.events.EventType.*;

/**
 * The saga in one place: for every event type, the service that publishes it, the services that act
 * on it, and whether it is a participant's settlement of a cancelled order. The topic is the type's
 * own ({@link EventType#topic()}). Everything else follows from here: each consumer handles
 * {@link #handledBy} its service (through the inbox), order-service waits for
 * {@link #participantsThatSettle()} settlements, deploy/verify checks every service's configured
 * topics and the README's diagrams against this map. Adding a participant starts with a line here.
 */
public final class SagaMap {
    public static final String ORDER = "order-service";
    public static final String INVENTORY = "inventory-service";
    public static final String PAYMENT = "payment-service";
    public static final String SHIPPING = "shipping-service";
    public static final List<String> SERVICES = List.of(ORDER, INVENTORY, PAYMENT, SHIPPING);

    /** One event type's place in the saga. */
    public record Route(EventType type, String producer, Set<String> consumers, boolean settlement) {
        public String topic() {
            return type.topic();
        }
    }

    private static final Map<EventType, Route> ROUTES = routes(
            // the order's life, published by order-service
            route(ORDER_PLACED, ORDER, INVENTORY),
            route(ORDER_CANCELLATION_REQUESTED, ORDER, INVENTORY, PAYMENT, SHIPPING),
            route(ORDER_COMPLETED, ORDER, INVENTORY),
            route(ORDER_CANCELLED, ORDER),
            route(ORDER_PLACEMENT_DEFERRED, ORDER, ORDER),
            // each participant's answers, all read by order-service, some by the next participant
            route(STOCK_RESERVED, INVENTORY, ORDER, PAYMENT),
            route(STOCK_REJECTED, INVENTORY, ORDER),
            settlement(INVENTORY_SETTLED, INVENTORY),
            route(PAYMENT_CAPTURED, PAYMENT, ORDER, SHIPPING),
            route(PAYMENT_DECLINED, PAYMENT, ORDER),
            route(PAYMENT_REFUND_FAILED, PAYMENT, ORDER),
            settlement(PAYMENT_SETTLED, PAYMENT),
            route(SHIPMENT_SCHEDULED, SHIPPING, ORDER),
            route(SHIPMENT_FAILED, SHIPPING, ORDER),
            settlement(SHIPPING_SETTLED, SHIPPING));

    private SagaMap() {
    }

    public static Route of(EventType type) {
        return ROUTES.get(type);
    }

    public static Collection<Route> routes() {
        return ROUTES.values();
    }

    /** The event types {@code service} acts on: its consumers hand exactly these to their handlers. */
    public static Set<EventType> handledBy(String service) {
        return ROUTES.values().stream().filter(r -> r.consumers().contains(service)).map(Route::type)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventType.class)));
    }

    /** The topics {@code service} must subscribe to: those of the types it acts on. */
    public static Set<String> topicsConsumedBy(String service) {
        return handledBy(service).stream().map(EventType::topic).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every topic of the saga (each event type's own), in the order of the map: what a broker must hold. */
    public static Set<String> topics() {
        return ROUTES.values().stream().map(Route::topic).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The settlement event types: a cancelled order is CANCELLED once each of them has arrived. */
    public static Set<EventType> settlements() {
        return ROUTES.values().stream().filter(Route::settlement).map(Route::type)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventType.class)));
    }

    /** How many participants must settle a cancelled order (one settlement type each). */
    public static int participantsThatSettle() {
        return (int) settlements().stream().map(t -> of(t).producer()).distinct().count();
    }

    /**
     * The map as a Mermaid flowchart (service -> service, labelled with the event and its topic), the
     * way README.md shows it. Generated, so that the picture cannot drift from the map.
     */
    public static String mermaid() {
        StringBuilder sb = new StringBuilder("flowchart LR\n");
        Set<String> lines = new LinkedHashSet<>();
        for (Route r : ROUTES.values()) {
            if (r.consumers().isEmpty()) {
                lines.add("    " + node(r.producer()) + " -- \"" + r.type().simpleName() + " (" + r.topic()
                        + ")\" --> nobody((no consumer))");
            }
            for (String consumer : r.consumers()) {
                lines.add("    " + node(r.producer()) + " -- \"" + r.type().simpleName() + " (" + r.topic() + ")"
                        + (r.settlement() ? ", settlement" : "") + "\" --> " + node(consumer));
            }
        }
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    private static String node(String service) {
        return service.replace("-service", "") + "[" + service + "]";
    }

    private static Route route(EventType type, String producer, String... consumers) {
        return new Route(type, producer, Collections.unmodifiableSortedSet(new TreeSet<>(Arrays.asList(consumers))), false);
    }

    private static Route settlement(EventType type, String producer) {
        return new Route(type, producer, Set.of(ORDER), true);
    }

    private static Map<EventType, Route> routes(Route... routes) {
        Map<EventType, Route> map = new EnumMap<>(EventType.class);
        for (Route r : routes) {
            if (map.put(r.type(), r) != null) {
                throw new IllegalStateException(r.type() + " is mapped twice");
            }
        }
        EnumSet<EventType> missing = EnumSet.complementOf(EnumSet.copyOf(map.keySet()));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("event types without a place in the saga map: " + missing);
        }
        return map;
    }
}
