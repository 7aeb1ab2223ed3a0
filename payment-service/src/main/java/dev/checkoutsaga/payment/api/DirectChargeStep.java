package dev.checkoutsaga.payment.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.idempotency.IdempotentRequests;
import dev.checkoutsaga.idempotency.StoredResponse;
import dev.checkoutsaga.payment.api.DirectPaymentMetrics.Outcome;
import dev.checkoutsaga.payment.client.PaymentProvider;
import dev.checkoutsaga.payment.domain.DirectPayments;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentSaga.ChargeResult;
import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.persistence.Payment;
import dev.checkoutsaga.sealing.PaymentTokens;
import dev.checkoutsaga.sealing.UnreadableSealException;
import dev.checkoutsaga.steps.PendingStep;
import dev.checkoutsaga.steps.PendingSteps;
import dev.checkoutsaga.steps.StepHandler;
import dev.checkoutsaga.web.Problem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.MediaType;

/**
 * The second half of a direct payment ({@code POST /payments}), after its intent committed: the
 * provider call outside any transaction ({@code Idempotency-Key: direct-<paymentId>}, the same on
 * every attempt), then ONE transaction that records the outcome, answers the client's
 * Idempotency-Key (201 or 402) and completes the step. The request runs it first ({@link #finish});
 * when the request cannot (no answer from the provider, the process died), the step worker runs it
 * until the provider answers, and the client's retry then gets the stored answer.
 */
@ApplicationScoped
public class DirectChargeStep implements StepHandler {
    private static final Logger LOG = Logger.getLogger(DirectChargeStep.class);
    static final String UNREADABLE_TOKEN = "unreadable_payment_token";

    @Inject
    PaymentProvider provider;
    @Inject
    PaymentTokens paymentTokens;
    @Inject
    PendingSteps steps;
    @Inject
    IdempotentRequests idempotency;
    @Inject
    DirectPaymentMetrics metrics;
    @Inject
    ObjectMapper json;

    @Override
    public String kind() {
        return DirectPayments.CHARGE_STEP;
    }

    @Override
    public Uni<Void> run(PendingStep step) {
        AtomicReference<Outcome> executed = new AtomicReference<>();
        return finish(step, executed).invoke(() -> {
            if (executed.get() != null) {
                metrics.count(executed.get()); // after the commit only
            }
        }).replaceWithVoid();
    }

    /**
     * Charges the PENDING payment of {@code step} and records the outcome; the key's answer. A payment
     * already decided (by the other of request and worker) is answered as it stands, without a call.
     * {@code executed} is set when this run decided it. A failed Uni decided nothing.
     */
    Uni<StoredResponse> finish(PendingStep step, AtomicReference<Outcome> executed) {
        return Panache.withSession(() -> Payment.<Payment>findById(step.orderId())).flatMap(p -> {
            if (p == null) {
                LOG.warnf("direct charge step %s without a payment: dropped", step.orderId());
                return Panache.withTransaction(() -> steps.complete(step)).replaceWith((StoredResponse) null);
            }
            if (p.status != PaymentStatus.PENDING) {
                return record(step, null, executed);
            }
            String token = openToken(p, step);
            Uni<ChargeResult> call = token == null ? Uni.createFrom().item(new PaymentSaga.Declined(UNREADABLE_TOKEN))
                    : provider.chargeDirect(p.id, p.amount(), token, p.reference);
            return call.flatMap(result -> record(step, result, executed));
        });
    }

    /** The clear token for the call only; see ChargeStep#openToken for why a retry fails instead of declining. */
    private String openToken(Payment p, PendingStep step) {
        try {
            return paymentTokens.open(p.id, p.paymentToken);
        } catch (UnreadableSealException e) {
            if (step.isRetry()) {
                throw new IllegalStateException("the payment token of direct payment " + p.id + " no longer opens ("
                        + e.getMessage() + ") and an earlier attempt may have reached the provider: put the key back "
                        + "on the ring (checkout.payment-token.keys)");
            }
            LOG.warnf("the payment token of direct payment %s does not open (%s): declined without a call", p.id,
                    e.getMessage());
            return null;
        }
    }

    /** One transaction: the outcome (unless decided already), the key's answer, the step's end. */
    private Uni<StoredResponse> record(PendingStep step, ChargeResult result, AtomicReference<Outcome> executed) {
        return Panache.withTransaction(() -> Payment.<Payment>findById(step.orderId(), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(p -> {
                    executed.set(null);
                    if (p.status == PaymentStatus.PENDING && result != null) {
                        p.status = DirectPayments.statusOf(result);
                        p.paymentToken = null; // the outcome is known: the card token is no longer needed
                        p.updatedAt = java.time.Instant.now();
                        switch (result) {
                            case PaymentSaga.Succeeded s -> {
                                p.providerChargeId = s.chargeId();
                                executed.set(Outcome.CAPTURED);
                                LOG.infof("Direct payment %s (%s) captured (%s)", p.id, p.reference, s.chargeId());
                            }
                            case PaymentSaga.Declined d -> {
                                p.failureCode = d.failureCode();
                                executed.set(Outcome.DECLINED);
                                LOG.infof("Direct payment %s (%s) declined: %s", p.id, p.reference, d.failureCode());
                            }
                        }
                    }
                    StoredResponse answer = answerOf(p);
                    return idempotency.answer(DirectPayments.IDEMPOTENCY_SCOPE, p.idempotencyCaller, p.idempotencyKey, answer)
                            .chain(() -> steps.complete(step))
                            .replaceWith(answer);
                }));
    }

    /** 201 with the payment (CAPTURED), or 402 with the decline as a problem. */
    StoredResponse answerOf(Payment p) {
        if (p.status == PaymentStatus.DECLINED) {
            return new StoredResponse(402, Map.of("Content-Type", Problem.MEDIA_TYPE), toJson(declined(p)));
        }
        return new StoredResponse(201, Map.of("Location", "/payments/" + p.id, "Content-Type", MediaType.APPLICATION_JSON),
                toJson(PaymentView.of(p)));
    }

    /** RFC 9457 problem of a decline, with the extension members {@code paymentId} and {@code failureCode}. */
    private static Map<String, Object> declined(Payment p) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Payment Required");
        problem.put("status", 402);
        problem.put("detail", "the payment was declined: " + p.failureCode);
        problem.put("instance", "/payments/" + p.id);
        problem.put("paymentId", p.id.toString());
        problem.put("failureCode", p.failureCode);
        return problem;
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
