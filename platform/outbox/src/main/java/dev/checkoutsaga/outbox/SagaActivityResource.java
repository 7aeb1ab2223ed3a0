package dev.checkoutsaga.outbox;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import dev.checkoutsaga.web.ProblemException;
import dev.checkoutsaga.web.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /saga/activity}: what this service still has to do for the saga. The audit waits until
 * every service answers quiet before it reads, so that it never judges a saga in motion.
 */
@Path("/saga/activity")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "saga")
@RolesAllowed({ Roles.ADMIN, Roles.AUDITOR })
public class SagaActivityResource {
    private static final Logger LOG = Logger.getLogger(SagaActivityResource.class);

    @Inject
    SagaActivityProbe probe;

    @GET
    @Blocking
    @Operation(summary = "Unpublished outbox rows, pending steps, consumer lag and dead letters of this service",
            description = "503 problem when the database or Kafka does not answer within saga.outbox.activity-timeout.")
    public SagaActivity get() {
        try {
            return probe.measure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "interrupted");
        } catch (Exception e) {
            LOG.warnf("saga activity unreadable: %s", e.toString());
            throw new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "the saga's activity cannot be read now: " + e.getClass().getSimpleName());
        }
    }
}
