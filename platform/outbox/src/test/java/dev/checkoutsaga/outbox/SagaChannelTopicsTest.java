package dev.checkoutsaga.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.events.Topics;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class SagaChannelTopicsTest {

    @Test
    void eachServiceReadsTheTopicsOfTheEventsItActsOnThatOthersPublish() {
        assertEquals(Set.of(Topics.INVENTORY, Topics.PAYMENTS, Topics.SHIPPING), SagaChannelTopics.topicsOf(SagaMap.ORDER),
                "order-service reads its deferred orders on a channel of its own");
        assertEquals(Set.of(Topics.ORDERS), SagaChannelTopics.topicsOf(SagaMap.INVENTORY));
        assertEquals(Set.of(Topics.INVENTORY, Topics.ORDERS), SagaChannelTopics.topicsOf(SagaMap.PAYMENT));
        assertEquals(Set.of(Topics.PAYMENTS, Topics.ORDERS), SagaChannelTopics.topicsOf(SagaMap.SHIPPING));
    }

    @Test
    void aServiceGetsItsTopicsFromItsApplicationNameAndItsOwnPropertiesStillWin() {
        assertEquals("checkout.inventory,checkout.orders", config(Map.of("quarkus.application.name", "payment-service"))
                .getValue(SagaChannelTopics.KEY, String.class));
        assertEquals("elsewhere", config(Map.of("quarkus.application.name", "payment-service", SagaChannelTopics.KEY, "elsewhere"))
                .getValue(SagaChannelTopics.KEY, String.class));
    }

    @Test
    void anApplicationThatIsNotASagaServiceGetsNoTopics() {
        assertFalse(config(Map.of("quarkus.application.name", "sandbox")).getOptionalValue(SagaChannelTopics.KEY, String.class)
                .isPresent());
        assertFalse(config(Map.of()).getOptionalValue(SagaChannelTopics.KEY, String.class).isPresent());
    }

    /** A configuration with the given application.properties (ordinal 250) and the factory, as Quarkus builds it. */
    private static SmallRyeConfig config(Map<String, String> applicationProperties) {
        ConfigSource application = new PropertiesConfigSource(applicationProperties, "application.properties", 250);
        return new SmallRyeConfigBuilder().withSources(application).withSources(new SagaChannelTopics()).build();
    }
}
