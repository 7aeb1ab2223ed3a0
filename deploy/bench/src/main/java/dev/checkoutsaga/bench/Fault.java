package dev.checkoutsaga.bench;

import java.util.List;

/**
 * One scenario of the chaos lab: what {@link #inject()} breaks, {@link #heal()} repairs. Both run on
 * the lab's timer while the load goes on; {@link #heal()} returns once the repair is done (a killed
 * service is ready again), and that instant is the "healed" of the row.
 */
interface Fault {

    String name();

    /** One line for `chaos list` and the results. */
    String description();

    /** The Chaos Mesh experiments (files in chaos/mesh, comma-separated) that do the same in a cluster, or "" if none. */
    String clusterEquivalent();

    /** Called when the load starts (before the fault): a baseline, e.g. Kafka offsets. */
    default void onLoadStart() throws Exception {
    }

    void inject() throws Exception;

    void heal() throws Exception;

    /** What the fault itself saw (e.g. the storm's answers), for the row's notes. */
    default String notes() {
        return "";
    }

    /** Breaches the fault itself found (e.g. two orders for one key); empty when none. */
    default List<String> offenders() {
        return List.of();
    }
}
