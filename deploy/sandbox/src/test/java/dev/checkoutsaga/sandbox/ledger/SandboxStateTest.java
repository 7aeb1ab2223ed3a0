package dev.checkoutsaga.sandbox.ledger;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.checkoutsaga.sandbox.carrier.Shipment;
import dev.checkoutsaga.sandbox.idempotency.IdempotencyStore;
import dev.checkoutsaga.sandbox.idempotency.StoredReply;
import dev.checkoutsaga.sandbox.payments.Charge;
import dev.checkoutsaga.web.ProblemException;

/** The books survive a restart: what was charged, refunded and booked, and every stored idempotent answer. */
class SandboxStateTest {
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void theLedgerAndTheIdempotencyKeysAreTheSameAfterARestart() throws Exception {
        UUID orderId = UUID.randomUUID();
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        Ledger before = new Ledger();
        before.recordCharge(Charge.succeeded("ch_1", 3998, "EUR", orderId, "order", now));
        before.refund("ch_1", 1000L, "re_1", now);
        before.recordShipment(Shipment.booked("shp_1", "SP1", orderId, now));
        before.cancelShipment("shp_1", now);
        IdempotencyStore keysBefore = new IdempotencyStore(Clock.systemUTC(), Duration.ofHours(24), Duration.ofSeconds(1));
        StoredReply reply = new StoredReply(201, "application/json", "{\"id\":\"ch_1\"}".getBytes(StandardCharsets.UTF_8));
        keysBefore.execute("charges", "charge-1", "fp", () -> reply);

        String file = json.writeValueAsString(new SandboxState.Saved(before.snapshot(), keysBefore.snapshot()));
        SandboxState.Saved saved = json.readValue(file, SandboxState.Saved.class);
        Ledger after = new Ledger();
        after.restore(saved.ledger());
        IdempotencyStore keysAfter = new IdempotencyStore(Clock.systemUTC(), Duration.ofHours(24), Duration.ofSeconds(1));
        keysAfter.restore(saved.idempotency());

        assertEquals(before.order(orderId), after.order(orderId));
        assertEquals(2998, after.order(orderId).net());
        assertEquals(0, after.order(orderId).liveShipments());
        // never more refunded than captured, also after the restart
        assertThrows(ProblemException.class, () -> after.refund("ch_1", 3000L, "re_2", now));
        IdempotencyStore.Result replay = keysAfter.execute("charges", "charge-1", "fp", () -> {
            throw new AssertionError("a restored key must replay, not execute");
        });
        assertTrue(replay.replayed());
        assertArrayEquals(reply.body(), replay.reply().body());
    }
}
