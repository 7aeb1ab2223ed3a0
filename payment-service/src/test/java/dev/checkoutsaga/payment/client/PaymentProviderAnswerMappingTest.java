package dev.checkoutsaga.payment.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.payment.domain.PaymentSaga;

/**
 * Which provider answers are business outcomes and which mean "try again later". An outage test
 * (provider down for a while, then back) needs the sandbox's fault controls and belongs to the
 * resilience issue; this proves the mapping that makes an outage a retry instead of a decline.
 */
class PaymentProviderAnswerMappingTest {
    private static final String KEY = "charge-test";

    private static PaymentProvider.Answer answer(int status, String body) {
        return new PaymentProvider.Answer(status, body, false);
    }

    @Test
    void aSucceededChargeIsCapturedWithTheProvidersChargeId() {
        assertEquals(new PaymentSaga.Succeeded("ch_123"), PaymentProvider.chargeResult(KEY,
                answer(201, "{\"id\":\"ch_123\",\"object\":\"charge\",\"status\":\"succeeded\",\"amount\":3998}")));
    }

    @Test
    void a402IsADeclineWithTheProvidersFailureCode() {
        assertEquals(new PaymentSaga.Declined("insufficient_funds"), PaymentProvider.chargeResult(KEY,
                answer(402, "{\"id\":\"ch_9\",\"status\":\"failed\",\"failureCode\":\"insufficient_funds\"}")));
        assertEquals(new PaymentSaga.Declined("declined"), PaymentProvider.chargeResult(KEY, answer(402, "{}")));
    }

    @Test
    void a400IsADeclineBecauseResendingTheSameRequestCanNeverSucceed() {
        assertEquals(new PaymentSaga.Declined("invalid_request"),
                PaymentProvider.chargeResult(KEY, answer(400, "{\"title\":\"Bad Request\"}")));
    }

    @Test
    void outagesAndUnexpectedAnswersFailTheStepSoThatItIsRetriedNeverDeclined() {
        for (int status : new int[] { 409, 422, 429, 500, 502, 503, 504, 200 }) {
            assertThrows(ProviderUnavailableException.class,
                    () -> PaymentProvider.chargeResult(KEY, answer(status, "{}")), "status " + status);
        }
        // a 201 whose body is not a succeeded charge, or not JSON at all (a proxy's page)
        assertThrows(ProviderUnavailableException.class,
                () -> PaymentProvider.chargeResult(KEY, answer(201, "{\"status\":\"pending\"}")));
        assertThrows(ProviderUnavailableException.class,
                () -> PaymentProvider.chargeResult(KEY, answer(402, "<html>bad gateway</html>")));
    }

    @Test
    void onlyA201RefundCountsA400402404422IsARefusalForGoodAndEverythingElseIsRetried() {
        assertEquals("re_1", PaymentProvider.refundResult("refund-test",
                answer(201, "{\"id\":\"re_1\",\"object\":\"refund\",\"status\":\"succeeded\"}")));
        for (int status : new int[] { 400, 402, 404, 422 }) {
            RefundRefusedException refused = assertThrows(RefundRefusedException.class,
                    () -> PaymentProvider.refundResult("refund-test", answer(status, "{}")), "status " + status);
            assertEquals(status, refused.status());
        }
        for (int status : new int[] { 409, 429, 500, 503 }) {
            ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class,
                    () -> PaymentProvider.refundResult("refund-test", answer(status, "{}")), "status " + status);
            assertEquals(false, e instanceof RefundRefusedException, "status " + status + " is retried by the step");
        }
    }

    @Test
    void only5xxAreTransientA429IsRateLimitedWithItsRetryAfterAndOther4xxAreNeither() {
        for (int status : new int[] { 500, 502, 503, 504 }) {
            assertThrows(TransientProviderException.class,
                    () -> PaymentProvider.chargeResult(KEY, answer(status, "{}")), "status " + status);
        }
        ProviderRateLimitedException limited = assertThrows(ProviderRateLimitedException.class,
                () -> PaymentProvider.chargeResult(KEY, new PaymentProvider.Answer(429, "{}", false, "7")));
        assertEquals(java.time.Duration.ofSeconds(7), limited.retryAfter());
        assertEquals(java.time.Duration.ofSeconds(7), dev.checkoutsaga.steps.RetryAfterHint.of(limited),
                "the step worker sees the provider's Retry-After");
        String inNinetySeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(90));
        ProviderRateLimitedException dated = assertThrows(ProviderRateLimitedException.class,
                () -> PaymentProvider.chargeResult(KEY, new PaymentProvider.Answer(429, "{}", false, inNinetySeconds)));
        long seconds = dated.retryAfter().toSeconds();
        assertTrue(seconds > 80 && seconds <= 90, "Retry-After as an HTTP date: " + dated.retryAfter());
        for (int status : new int[] { 404, 409, 422 }) {
            ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class,
                    () -> PaymentProvider.refundResult("refund-test", answer(status, "{}")));
            assertEquals(false, e instanceof TransientProviderException || e instanceof ProviderRateLimitedException,
                    "status " + status + " is not retried in the call");
        }
    }

    @Test
    void aDirectChargeMapsLikeASagaChargeExceptThatA422IsTheClientsKeyReusedWithAnotherBody() {
        assertEquals(new PaymentSaga.Succeeded("ch_7"), PaymentProvider.directChargeResult("direct-test",
                answer(201, "{\"id\":\"ch_7\",\"status\":\"succeeded\"}")));
        assertEquals(new PaymentSaga.Declined("card_declined"), PaymentProvider.directChargeResult("direct-test",
                answer(402, "{\"failureCode\":\"card_declined\"}")));
        assertThrows(ProviderKeyReusedException.class,
                () -> PaymentProvider.directChargeResult("direct-test", answer(422, "{}")));
        for (int status : new int[] { 409, 429, 500, 503 }) {
            ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class,
                    () -> PaymentProvider.directChargeResult("direct-test", answer(status, "{}")), "status " + status);
            assertEquals(false, e instanceof ProviderKeyReusedException, "status " + status);
        }
    }
}
