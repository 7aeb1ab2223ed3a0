package dev.checkoutsaga.inventory.support;

import dev.checkoutsaga.testkit.CheckoutInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Points every @QuarkusTest of this module at the testkit's real PostgreSQL (database
 * "inventory"), Redis and Kafka. Declared once, globally, so that all test classes share one
 * application start.
 */
@QuarkusTestResource(value = CheckoutInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "inventory"),
        restrictToAnnotatedClass = false)
public final class InventoryTestInfra {
    private InventoryTestInfra() {
    }
}
