package dev.checkoutsaga.outbox;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaMap;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * The topics of a service's {@code saga-events} channel, from the saga's map rather than from each
 * service's properties: the topics of the event types {@link SagaMap#handledBy} the service that other
 * services publish (a service reads its own topics, e.g. order-service's deferred orders, on channels of
 * their own). So a new participant, or a participant that now reacts to another step, subscribes to the
 * right topics by the map alone, and the subscription cannot disagree with what the inbox hands on.
 * <p>
 * The service is {@code quarkus.application.name}. The ordinal is below application.properties (250),
 * so a deployment can still set {@value #KEY} explicitly (deploy/verify checks that no service does).
 */
public final class SagaChannelTopics implements ConfigSourceFactory {

    public static final String KEY = "mp.messaging.incoming.saga-events.topics";
    static final int ORDINAL = 110;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue name = context.getValue("quarkus.application.name");
        if (name == null || name.getValue() == null || !SagaMap.SERVICES.contains(name.getValue())) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(KEY, String.join(",", topicsOf(name.getValue()))),
                "SagaMap topics of " + name.getValue(), ORDINAL));
    }

    /** The topics {@code service}'s saga-events channel reads, sorted. */
    public static Set<String> topicsOf(String service) {
        return SagaMap.handledBy(service).stream().filter(t -> !SagaMap.of(t).producer().equals(service))
                .map(EventType::topic).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
