package dev.checkoutsaga.steps;

import java.util.UUID;

/**
 * A participant's record of one order (payment, shipment, order stock), as {@link SagaEffects}
 * applies a {@link SagaDecision} to it.
 *
 * @param <S> the record's status type
 * @param <F> the facts its decisions' events are built from
 */
public interface SagaRecord<S, F> {

    UUID orderId();

    /** Enters {@code status} (stamping the change). */
    void touch(S status);

    /** Marks the participant's part of the order as settled (its undo is done), once. */
    void settle();

    /** The facts the decisions' events are built from, as they are now. */
    F facts();

    /** Takes the decision's status and settlement. */
    default void apply(SagaDecision<S, F> decision) {
        if (decision.status() != null) {
            touch(decision.status());
        }
        if (decision.settles()) {
            settle();
        }
    }
}
