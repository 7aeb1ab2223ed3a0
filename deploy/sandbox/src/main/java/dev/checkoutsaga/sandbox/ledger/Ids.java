package dev.checkoutsaga.sandbox.ledger;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Provider-style ids ({@code ch_...}, {@code re_...}, {@code shp_...}) and tracking numbers. */
public final class Ids {
    private static final char[] ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] UPPER_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** {@code prefix} + 24 random letters and digits, e.g. {@code ch_3PbX...}. */
    public static String newId(String prefix) {
        return prefix + random(ALPHANUMERIC, 24);
    }

    /** {@code SP} + 12 upper-case letters or digits. */
    public static String trackingNumber() {
        return "SP" + random(UPPER_ALPHANUMERIC, 12);
    }

    /** Now, to the millisecond (what the JSON shows). */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
