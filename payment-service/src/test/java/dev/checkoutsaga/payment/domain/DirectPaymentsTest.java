package dev.checkoutsaga.payment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class DirectPaymentsTest {

    @Test
    void theSameKeyOfTheSameCallerAlwaysGivesTheSamePaymentIdAndProviderKeySoARetryCannotChargeTwice() {
        String key = "c0ffee-" + UUID.randomUUID();
        UUID id = DirectPayments.paymentIdFor("operator-1", key);
        assertEquals(id, DirectPayments.paymentIdFor("operator-1", key));
        assertEquals(UUID.nameUUIDFromBytes(("direct:operator-1\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8)), id);
        assertEquals("direct-" + id, DirectPayments.providerKey(id));
        assertNotEquals(id, DirectPayments.paymentIdFor("operator-1", key + "x"));
        assertNotEquals(id, DirectPayments.paymentIdFor("operator-2", key), "another caller's equal key is another payment");
    }

    @Test
    void aDirectPaymentIdNeverCollidesWithTheSagaPaymentIdOfTheSameText() {
        UUID u = UUID.randomUUID();
        assertNotEquals(PaymentSaga.paymentIdFor(u), DirectPayments.paymentIdFor("", u.toString()));
        assertNotEquals(PaymentSaga.chargeKey(u), DirectPayments.providerKey(u));
    }

    @Test
    void aSuccessIsCapturedAndADeclineIsDeclined() {
        assertEquals(PaymentStatus.CAPTURED, DirectPayments.statusOf(new PaymentSaga.Succeeded("ch_1")));
        assertEquals(PaymentStatus.DECLINED, DirectPayments.statusOf(new PaymentSaga.Declined("card_declined")));
    }
}
