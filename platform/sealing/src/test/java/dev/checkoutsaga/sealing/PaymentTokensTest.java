package dev.checkoutsaga.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class PaymentTokensTest {

    static final String OLD = "k1:" + key(1);
    static final String NEW = "k2:" + key(2);
    static final UUID ORDER = UUID.randomUUID();

    static String key(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void aSealedTokenOpensForItsOrderAndShowsNothingOfTheCardToken() {
        PaymentTokens tokens = new PaymentTokens(OLD);
        String sealed = tokens.seal(ORDER, "tok_visa_4242424242");
        assertTrue(sealed.startsWith("sealed.v1.k1."), sealed);
        assertFalse(sealed.contains("tok_"), sealed);
        assertFalse(sealed.contains("4242"), sealed);
        assertEquals("tok_visa_4242424242", tokens.open(ORDER, sealed));
        assertNotEquals(sealed, tokens.seal(ORDER, "tok_visa_4242424242"), "a fresh nonce per seal");
    }

    @Test
    void aTokenSealedForOneOrderDoesNotOpenForAnother() {
        PaymentTokens tokens = new PaymentTokens(OLD);
        String sealed = tokens.seal(ORDER, "tok_visa");
        UnreadableSealException e = assertThrows(UnreadableSealException.class,
                () -> tokens.open(UUID.randomUUID(), sealed));
        assertEquals("altered, or sealed for another context", e.getMessage());
    }

    @Test
    void anAlteredTokenDoesNotOpen() {
        PaymentTokens tokens = new PaymentTokens(OLD);
        String sealed = tokens.seal(ORDER, "tok_visa");
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);
        assertThrows(UnreadableSealException.class, () -> tokens.open(ORDER, altered));
    }

    @Test
    void aClearTokenIsRefusedNotPassedThrough() {
        PaymentTokens tokens = new PaymentTokens(OLD);
        UnreadableSealException e = assertThrows(UnreadableSealException.class, () -> tokens.open(ORDER, "tok_visa"));
        assertFalse(e.getMessage().contains("tok_visa"));
        assertThrows(UnreadableSealException.class, () -> tokens.open(ORDER, null));
        assertThrows(UnreadableSealException.class, () -> tokens.open(ORDER, "sealed.v1.k1.!!!"));
        assertThrows(UnreadableSealException.class, () -> tokens.open(ORDER, "sealed.v1.k1.AAAA"));
    }

    @Test
    void rotationOpensWhatTheOldKeySealedUntilTheOldKeyLeavesTheRing() {
        String sealedByOld = new PaymentTokens(OLD).seal(ORDER, "tok_visa");

        // step 1: the new key is appended everywhere: the old one still seals, both open
        PaymentTokens appended = new PaymentTokens(OLD + "," + NEW);
        assertTrue(appended.seal(ORDER, "tok_visa").startsWith("sealed.v1.k1."));
        // step 2: the new key moves first: it seals, the old one still opens what is in flight
        PaymentTokens rotated = new PaymentTokens(NEW + ", " + OLD);
        assertTrue(rotated.seal(ORDER, "tok_visa").startsWith("sealed.v1.k2."));
        assertEquals("tok_visa", rotated.open(ORDER, sealedByOld));
        assertEquals("tok_visa", appended.open(ORDER, rotated.seal(ORDER, "tok_visa")));
        // step 3: the old key is dropped: what it sealed no longer opens, and the error says which key
        UnreadableSealException e = assertThrows(UnreadableSealException.class,
                () -> new PaymentTokens(NEW).open(ORDER, sealedByOld));
        assertEquals("sealed with key 'k1', which is not on the ring", e.getMessage());
    }

    @Test
    void aServiceWithoutAUsableRingRefusesToStartAndSaysWhyWithoutShowingAKey() {
        assertMessage(null, "no sealing key is configured");
        assertMessage("  ", "no sealing key is configured");
        assertMessage("k1:" + Base64.getEncoder().encodeToString(new byte[16]), "key 'k1' is 16 bytes; AES-256 needs 32");
        assertMessage("k1:not base64!", "key 'k1' is not base64");
        assertMessage(OLD + "," + OLD, "key id 'k1' is listed twice");
        assertMessage(key(1), "entry 1 is not id:base64");
        assertMessage(OLD + ",bad id:" + key(3), "entry 2 is not id:base64");
    }

    private static void assertMessage(String ring, String expected) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PaymentTokens(ring));
        assertTrue(e.getMessage().startsWith("checkout.payment-token.keys (env CHECKOUT_PAYMENT_TOKEN_KEYS): " + expected),
                e.getMessage());
        assertFalse(e.getMessage().contains(key(1)), "the message shows no key");
    }
}
