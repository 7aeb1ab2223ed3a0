package dev.checkoutsaga.order;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.PackageRules;

/** The service's packages follow the layout of every service (platform/testkit PackageRules). */
class PackageLayoutTest {

    @Test
    void packagesDependOnEachOtherWithoutCyclesAndNothingNeedsTheRestLayer() {
        PackageRules.check("dev.checkoutsaga.order");
    }
}
