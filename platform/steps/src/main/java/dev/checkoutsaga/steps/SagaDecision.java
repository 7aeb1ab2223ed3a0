package dev.checkoutsaga.steps;

import java.util.List;

import dev.checkoutsaga.events.SagaEvent;

/**
 * What a participant's saga decision does, carried by the decision itself (as order-service's
 * {@code OrderSaga.Step} carries its state and events): the record's next status, whether the
 * decision settles the participant's part of the order, the events to emit and the pending steps to
 * register. The decisions are plain records of each service's state machine; a handler loads the
 * record, decides, applies (the record takes the status, {@link SagaEffects} the events and steps,
 * in the same transaction) and commits.
 *
 * @param <S> the status type of the participant's record
 * @param <F> what the events are built from: the facts of the participant's record
 */
public interface SagaDecision<S, F> {

    /** The record's status after the decision; null when it stays as it is. */
    default S status() {
        return null;
    }

    /** Whether the decision settles the participant's part of the order (its undo is done). */
    default boolean settles() {
        return false;
    }

    /** The events the decision emits, built from the record's facts as they are after the decision. */
    default List<SagaEvent> events(F facts) {
        return List.of();
    }

    /** The kinds of the pending steps the decision registers. */
    default List<String> steps() {
        return List.of();
    }
}
