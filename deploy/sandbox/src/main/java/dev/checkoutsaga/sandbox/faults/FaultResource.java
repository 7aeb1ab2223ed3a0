package dev.checkoutsaga.sandbox.faults;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.checkoutsaga.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Fault controls at runtime (local runs, chaos runs and tests only). */
@Path("/v1/admin/faults")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class FaultResource {

    @Inject
    Faults faults;

    @GET
    @Operation(summary = "Every endpoint's fault settings and counters (requests that reached the sandbox, faults injected)")
    public Map<String, Faults.EndpointState> all() {
        return faults.states();
    }

    @GET
    @Path("/{endpoint}")
    @Operation(summary = "One endpoint's fault settings and counters")
    public Faults.EndpointState one(@PathParam("endpoint") String endpoint) {
        return faults.state(endpoint(endpoint));
    }

    @PUT
    @Path("/{endpoint}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace one endpoint's faults (charges, refunds, shipments, shipment-cancel); missing fields are healthy")
    public Faults.EndpointState set(@PathParam("endpoint") String endpoint, @NotNull FaultSettings settings) {
        FaultEndpoint e = endpoint(endpoint);
        faults.set(e, settings);
        return faults.state(e);
    }

    @DELETE
    @Operation(summary = "Every endpoint healthy again and every counter at 0 (204)")
    public void reset() {
        faults.reset();
    }

    private static FaultEndpoint endpoint(String id) {
        return FaultEndpoint.byId(id).orElseThrow(() -> ProblemException.notFound("fault endpoint " + id
                + " (one of charges, refunds, shipments, shipment-cancel)"));
    }
}
