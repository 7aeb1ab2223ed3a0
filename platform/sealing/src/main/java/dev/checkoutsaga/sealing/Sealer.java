package dev.checkoutsaga.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals a short secret with AES-256-GCM, bound to a context (the associated data): a sealed value
 * opens only with the same context, so a token sealed for one order cannot be replayed on another.
 * The sealed form is {@code sealed.v1.<key id>.<base64url(nonce | ciphertext | tag)>}; the key id
 * lets a ring of keys open what older keys sealed. Plain Java; thread-safe.
 */
public final class Sealer {

    static final String PREFIX = "sealed.v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyRing ring;

    public Sealer(KeyRing ring) {
        this.ring = ring;
    }

    /** Whether the value has the sealed form (it may still not open). */
    public static boolean looksSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    public String seal(String clear, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, ring.sealingKey(), nonce, context);
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + ring.sealingKeyId() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The clear value.
     *
     * @throws UnreadableSealException when the value is not sealed, names a key not on the ring,
     *         was changed, or was sealed for another context; the message never contains the value
     */
    public String open(String sealed, String context) {
        if (!looksSealed(sealed)) {
            throw new UnreadableSealException("not a sealed value");
        }
        String rest = sealed.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            throw new UnreadableSealException("no key id");
        }
        String keyId = rest.substring(0, dot);
        SecretKey key = ring.key(keyId);
        if (key == null) {
            throw new UnreadableSealException("sealed with key '" + keyId + "', which is not on the ring");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(rest.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new UnreadableSealException("not base64url");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UnreadableSealException("too short");
        }
        try {
            byte[] nonce = java.util.Arrays.copyOf(bytes, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, context);
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadableSealException("altered, or sealed for another context");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
