package dev.checkoutsaga.order.support;

import dev.checkoutsaga.testkit.CheckoutInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The test resources of every @QuarkusTest of this module, declared once: real PostgreSQL (database
 * "orders"), Redis and Kafka from the testkit, and the fake inventory price source.
 */
@QuarkusTestResource(value = CheckoutInfraResource.class, initArgs = @ResourceArg(name = "database", value = "orders"),
        restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeInventory.class, restrictToAnnotatedClass = false)
public final class OrderTestInfra {
    private OrderTestInfra() {
    }
}
