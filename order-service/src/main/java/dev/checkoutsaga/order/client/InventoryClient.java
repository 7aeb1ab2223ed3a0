package dev.checkoutsaga.order.client;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * inventory-service's product API (base URL: {@code quarkus.rest-client.inventory.url}). Read as a
 * JSON tree so that order-service depends only on the price fields (see {@link ProductPrice}).
 */
@RegisterRestClient(configKey = "inventory")
@Path("/products")
public interface InventoryClient {

    @GET
    @Path("/{sku}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> product(@PathParam("sku") String sku,
            @HeaderParam(dev.checkoutsaga.web.RequestBudget.HEADER) long budgetMs);
}
