package dev.checkoutsaga.sandbox.idempotency;

/** What an endpoint's handler answers: a status and a JSON body (rendered once, then stored). */
public record Reply(int status, Object body) {

    public static Reply created(Object body) {
        return new Reply(201, body);
    }

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }
}
