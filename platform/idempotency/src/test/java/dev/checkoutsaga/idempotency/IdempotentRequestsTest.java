package dev.checkoutsaga.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.CheckoutInfraResource;
import dev.checkoutsaga.testkit.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(value = CheckoutInfraResource.class, initArgs = @ResourceArg(name = "database", value = "idempotency"),
        restrictToAnnotatedClass = false)
class IdempotentRequestsTest {

    private static Response post(String key, String name, long slowMs) {
        var r = given().contentType("text/plain").body(name).queryParam("slowMs", slowMs);
        if (key != null) {
            r.header("Idempotency-Key", key);
        }
        return r.post("/things");
    }

    private static long count(String name) {
        return Long.parseLong(given().queryParam("name", name).get("/things/count").then().statusCode(200).extract()
                .asString().trim());
    }

    private static String unique() {
        return "thing-" + UUID.randomUUID();
    }

    @Test
    void aRepeatedKeyReplaysTheFirstAnswerAndExecutesOnce() {
        String key = UUID.randomUUID().toString();
        String name = unique();
        Response first = post(key, name, 0);
        Response again = post(key, name, 0);

        assertEquals(201, first.statusCode());
        assertEquals(201, again.statusCode());
        assertEquals(first.body().asString(), again.body().asString());
        assertEquals(first.header("Location"), again.header("Location"));
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(1, count(name));
    }

    @Test
    void aKeyIsItsCallersOwnSoAnotherCallerWithTheSameKeyExecutesAndNeitherReplaysTheOther() {
        String key = UUID.randomUUID().toString();
        String name = unique();
        Response ada = given().contentType("text/plain").header("Idempotency-Key", key).header("X-Test-Caller", "ada")
                .body(name).post("/things");
        Response grace = given().contentType("text/plain").header("Idempotency-Key", key).header("X-Test-Caller", "grace")
                .body(name + "-grace").post("/things");

        assertEquals(201, ada.statusCode());
        assertEquals(201, grace.statusCode(), "not 422: grace's key is not ada's");
        assertNull(grace.header("Idempotent-Replayed"), "grace never sees ada's answer");
        assertEquals(1, count(name));
        assertEquals(1, count(name + "-grace"));
        given().contentType("text/plain").header("Idempotency-Key", key).header("X-Test-Caller", "grace")
                .body(name + "-grace").post("/things").then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", grace.header("Location"));
    }

    @Test
    void theSameKeyWithADifferentBodyIs422AndChangesNothing() {
        String key = UUID.randomUUID().toString();
        String name = unique();
        post(key, name, 0).then().statusCode(201);
        post(key, name + "-other", 0).then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
        assertEquals(1, count(name));
        assertEquals(0, count(name + "-other"));
    }

    @Test
    void theSameKeyWhileTheFirstIsStillRunningIs409() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = unique();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Response> slow = pool.submit(() -> post(key, name, 1500));
        // the race itself: the second request arrives once the first has claimed the key and written, uncommitted
        awaitSessions("select count(*) from pg_locks l join pg_class c on c.oid = l.relation "
                + "where c.relname = 'thing' and l.mode = 'RowExclusiveLock' and l.pid <> pg_backend_pid()");
        Response second = post(key, name, 0);
        assertEquals(409, second.statusCode(), second.body().asString());
        assertEquals("1", second.header("Retry-After"));
        assertEquals(201, slow.get().statusCode());
        pool.shutdown();
        post(key, name, 0).then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, count(name));
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyExecuteOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = unique();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(pool.submit(() -> post(key, name, 100)));
        }
        Set<String> bodies = new HashSet<>();
        for (Future<Response> f : answers) {
            Response r = f.get();
            assertTrue(r.statusCode() == 201 || r.statusCode() == 409, "got " + r.statusCode());
            if (r.statusCode() == 201) {
                bodies.add(r.body().asString());
            }
        }
        pool.shutdown();
        assertEquals(1, count(name), "executed once");
        assertEquals(1, bodies.size(), "every success carries the same body");
    }

    @Test
    void aRejectedRequestIsNotStoredSoACorrectedRetryWithTheSameKeyExecutes() {
        String key = UUID.randomUUID().toString();
        post(key, " ", 0).then().statusCode(400).body("errors.field", hasItem("name"));
        String name = unique();
        post(key, name, 0).then().statusCode(201);
        assertEquals(1, count(name));
    }

    @Test
    void anOverlongKeyIsA400NamingTheHeader() {
        post("k".repeat(256), unique(), 0).then().statusCode(400).body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void withRedisDownReplaysComeFromPostgreSql() {
        String key = UUID.randomUUID().toString();
        String name = unique();
        var redis = TestInfra.get().redis();
        redis.stop();
        try {
            post(key, name, 0).then().statusCode(201);
            post(key, name, 0).then().statusCode(201).header("Idempotent-Replayed", "true");
            post(key, name + "-x", 0).then().statusCode(422);
        } finally {
            redis.start();
        }
        assertEquals(1, count(name));
        post(key, name, 0).then().statusCode(201).header("Idempotent-Replayed", "true");
    }

    @Test
    void withoutAKeyEveryRequestExecutes() {
        String name = unique();
        post(null, name, 0).then().statusCode(201);
        post(null, name, 0).then().statusCode(201);
        assertEquals(2, count(name));
    }

    @jakarta.inject.Inject
    IdempotentRequests idempotency;

    private static StoredResponse accepted(String id) {
        return new StoredResponse(202, java.util.Map.of("Location", "/things/" + id), "{\"id\":\"" + id + "\"}");
    }

    /** The write-deferred path (database down): the key is held in Redis alone, atomically. */
    @Test
    void aKeyReservedForADeferredWriteReplaysItsAnswerAndRefusesAnotherBody() {
        String key = UUID.randomUUID().toString();
        String fingerprint = IdempotentRequests.fingerprint("deferred " + key);
        assertNull(idempotency.reserveForDeferredWrite("things", "someone", key, fingerprint, accepted("first")).await()
                .indefinitely(), "reserved: the caller gives its own answer");

        jakarta.ws.rs.core.Response again = idempotency.reserveForDeferredWrite("things", "someone", key, fingerprint,
                accepted("second")).await().indefinitely();
        assertEquals(202, again.getStatus());
        assertEquals("{\"id\":\"first\"}", again.getEntity(), "the first answer, not a second write");
        assertEquals("true", again.getHeaderString("Idempotent-Replayed"));

        var mismatch = assertThrows(dev.checkoutsaga.web.ProblemException.class,
                () -> idempotency.reserveForDeferredWrite("things", "someone", key, IdempotentRequests.fingerprint("other"),
                        accepted("third")).await().indefinitely());
        assertEquals(422, mismatch.problem().status());
    }

    @Test
    void withoutRedisNoKeyCanBeReservedForADeferredWrite() {
        var redis = TestInfra.get().redis();
        redis.stop();
        try {
            assertThrows(IdempotentRequests.KeyStoreUnavailableException.class,
                    () -> idempotency.reserveForDeferredWrite("things", "someone", UUID.randomUUID().toString(), "f",
                            accepted("x")).await().indefinitely());
        } finally {
            redis.start();
        }
    }

    @Test
    void aDeferredWriteIsRecordedOnceInPostgreSql() {
        String key = UUID.randomUUID().toString();
        given().queryParam("key", key).post("/things/deferred").then().statusCode(200).body(org.hamcrest.Matchers.is("true"));
        given().queryParam("key", key).post("/things/deferred").then().statusCode(200).body(org.hamcrest.Matchers.is("false"));
    }

    /** Only a concurrent request with the same key is "in flight": a lock the work waits for elsewhere is not. */
    @Test
    void aLockTheWorkWaitsForIsNotMistakenForAKeyInFlight() throws Exception {
        String name = unique();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (var lock = dev.checkoutsaga.testkit.Outages.lockTable("thing")) {
            Future<Response> waiting = pool.submit(() -> post(UUID.randomUUID().toString(), name, 0));
            // the request's insert waits on the table lock (longer than the in-flight wait: 100 ms in this test app)
            awaitSessions("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                    + "and query like 'insert into thing%'");
            Thread.sleep(300); // it keeps waiting past the in-flight wait, still not a 409
            lock.close();
            assertEquals(201, waiting.get().statusCode(), waiting.get().body().asString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count(name));
    }

    /** Waits until {@code countQuery} (run on the test app's database) counts at least one session. */
    private static void awaitSessions(String countQuery) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> {
                    try (var c = dev.checkoutsaga.testkit.ServiceDatabase.connect(); var st = c.createStatement();
                            var rs = st.executeQuery(countQuery)) {
                        rs.next();
                        return rs.getLong(1) > 0;
                    }
                });
    }
}
