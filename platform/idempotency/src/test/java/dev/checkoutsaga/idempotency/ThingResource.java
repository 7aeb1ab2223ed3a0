package dev.checkoutsaga.idempotency;

import java.util.Map;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Test-only endpoint: creates a "thing" (one row) per executed request; a slow mode holds the transaction. */
@Path("/things")
public class ThingResource {

    @Inject
    IdempotentRequests idempotency;

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    public Uni<Response> create(@HeaderParam(IdempotentRequests.HEADER) String key, @QueryParam("slowMs") long slowMs,
            @HeaderParam("X-Test-Caller") @jakarta.ws.rs.DefaultValue("someone") String caller, String name) {
        return idempotency.execute("things", caller, key, IdempotentRequests.fingerprint(name), () -> {
            if (name.isBlank()) {
                return Uni.createFrom().failure(dev.checkoutsaga.web.ProblemException.field(Response.Status.BAD_REQUEST,
                        "name", "must not be blank"));
            }
            return Panache.getSession()
                    .flatMap(s -> s.createNativeQuery("insert into thing (name) values (?1) returning id", Long.class)
                            .setParameter(1, name).getSingleResult())
                    .call(() -> slowMs > 0 ? Uni.createFrom().voidItem().onItem().delayIt()
                            .by(java.time.Duration.ofMillis(slowMs)) : Uni.createFrom().voidItem())
                    .map(id -> new StoredResponse(201, Map.of("Location", "/things/" + id, "Content-Type", "application/json"),
                            "{\"id\":" + id + ",\"name\":\"" + name + "\"}"));
        });
    }

    /** Records a deferred write for the key (as a service does once its database is back); true when first. */
    @POST
    @Path("/deferred")
    public Uni<Boolean> recordDeferred(@QueryParam("key") String key) {
        return Panache.withTransaction(() -> idempotency.recordDeferredWrite("things", "someone", key, "f",
                new StoredResponse(202, Map.of(), "{}")));
    }

    @GET
    @Path("/count")
    public Uni<Long> count(@QueryParam("name") String name) {
        return Panache.withSession(() -> Panache.getSession().flatMap(s -> s
                .createNativeQuery("select count(*) from thing where name = ?1", Long.class).setParameter(1, name)
                .getSingleResult()));
    }
}
