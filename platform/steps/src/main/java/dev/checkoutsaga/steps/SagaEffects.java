package dev.checkoutsaga.steps;

import org.jboss.logging.Logger;

import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.outbox.IncomingEvent;
import dev.checkoutsaga.outbox.Outbox;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Applies a {@link SagaDecision} to the locked {@link SagaRecord} it was made for, in the caller's
 * transaction: the record takes the status and settlement, then the events (built from the record as
 * it is now) go to the outbox and the steps are registered. All of it is written if and only if the
 * transaction commits, and the events and steps belong to {@code trace} (the consumed event's span,
 * the step's run, the request).
 */
@ApplicationScoped
public class SagaEffects {
    private static final Logger LOG = Logger.getLogger(SagaEffects.class);

    @Inject
    Outbox outbox;
    @Inject
    PendingSteps steps;

    /** A decision on a consumed event: its events and steps join the event's trace. */
    public <S, F> Uni<Void> apply(SagaRecord<S, F> record, SagaDecision<S, F> decision, IncomingEvent event) {
        return apply(record, decision, event.type().simpleName(), event.traceContext());
    }

    /**
     * @param cause what the decision answers (an event's type, a step's kind), for the log line
     */
    public <S, F> Uni<Void> apply(SagaRecord<S, F> record, SagaDecision<S, F> decision, String cause, Context trace) {
        LOG.infof("order %s, %s: %s", record.orderId(), cause, decision);
        record.apply(decision);
        Uni<Void> applied = Uni.createFrom().voidItem();
        for (SagaEvent event : decision.events(record.facts())) {
            applied = applied.chain(() -> outbox.emit(event, trace)).replaceWithVoid();
        }
        for (String kind : decision.steps()) {
            applied = applied.chain(() -> steps.schedule(record.orderId(), kind, trace)).replaceWithVoid();
        }
        return applied;
    }
}
