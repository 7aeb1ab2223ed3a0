package dev.checkoutsaga.sandbox.idempotency;

/** An answer exactly as it went out the first time: status, content type and body bytes. */
public record StoredReply(int status, String contentType, byte[] body) {
}
