package dev.checkoutsaga.payment.support;

import dev.checkoutsaga.testkit.CheckoutInfraResource;
import dev.checkoutsaga.testkit.SandboxResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Points every @QuarkusTest of this module at the testkit's real PostgreSQL (database
 * "payments"), Redis and Kafka, and at the real sandbox (deploy/sandbox, its own process) as the
 * payment provider. Declared once, globally, so that all test classes share one application start.
 */
@QuarkusTestResource(value = CheckoutInfraResource.class,
        initArgs = @ResourceArg(name = "database", value = "payments"),
        restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SandboxResource.class, restrictToAnnotatedClass = false)
public final class PaymentTestInfra {
    private PaymentTestInfra() {
    }
}
