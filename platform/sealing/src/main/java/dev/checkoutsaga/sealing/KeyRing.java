package dev.checkoutsaga.sealing;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sealing keys, as configured: {@code id:base64,id:base64,...}, each key 32 random bytes
 * (AES-256). The first one seals; every one listed opens. Rotation (docs/security.md): append the
 * new key everywhere, roll out; move it first, roll out; drop the old one once nothing sealed
 * with it can still be read (Kafka and dead-letter retention, pending payments).
 */
public final class KeyRing {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final String sealingKeyId;
    private final Map<String, SecretKey> keys;

    private KeyRing(String sealingKeyId, Map<String, SecretKey> keys) {
        this.sealingKeyId = sealingKeyId;
        this.keys = Map.copyOf(keys);
    }

    /**
     * Parses the configured list. The messages name the entry by position and id, never its bytes.
     *
     * @throws IllegalArgumentException on an empty list, a bad id, a duplicate id, or a key that is
     *         not base64 of exactly 32 bytes
     */
    public static KeyRing parse(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("no sealing key is configured");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String first = null;
        String[] entries = configured.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("entry " + (i + 1) + " is not id:base64 with an id of 1-32 "
                        + "letters, digits, '-' or '_'");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key '" + id + "' is not base64");
            }
            if (bytes.length != 32) {
                throw new IllegalArgumentException("key '" + id + "' is " + bytes.length
                        + " bytes; AES-256 needs 32 (openssl rand -base64 32)");
            }
            if (keys.put(id, new SecretKeySpec(bytes, "AES")) != null) {
                throw new IllegalArgumentException("key id '" + id + "' is listed twice");
            }
            if (first == null) {
                first = id;
            }
        }
        return new KeyRing(first, keys);
    }

    String sealingKeyId() {
        return sealingKeyId;
    }

    SecretKey sealingKey() {
        return keys.get(sealingKeyId);
    }

    /** The key with this id, or null when it is not (or no longer) on the ring. */
    SecretKey key(String id) {
        return keys.get(id);
    }
}
