package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaMap;

/**
 * The saga map (platform/saga-events {@link SagaMap}) is the one description of who publishes and
 * who reads each event. What the services are configured to consume, and what README.md draws,
 * must agree with it: a topic added to a service's channel without a route, a route without the
 * subscription, or a diagram arrow the saga does not have fails here.
 */
class SagaMapMatchesTheServicesTest {
    static final String BEGIN = "<!-- saga-map:begin (generated from SagaMap.mermaid(); deploy/verify checks it) -->";
    static final String END = "<!-- saga-map:end -->";
    /** A participant of the README's sequence diagram: "participant P as payment-service". */
    private static final Pattern PARTICIPANT = Pattern.compile("^\\s*participant\\s+(\\w+)\\s+as\\s+(\\S+)\\s*$",
            Pattern.MULTILINE);

    /** The README's sequence-diagram participants: their letter (alias) and the service it stands for. */
    static Map<String, String> participants(String readme) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = PARTICIPANT.matcher(readme);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** An arrow between two participants of the README's sequence diagram: "I->>P: StockReserved ...". */
    static Pattern arrow(Set<String> letters) {
        String any = letters.stream().map(Pattern::quote).collect(Collectors.joining("|", "(", ")"));
        return Pattern.compile("^\\s*" + any + "-?->>" + any + ": ([A-Za-z]+)", Pattern.MULTILINE);
    }

    static List<String> services() {
        return SagaMap.SERVICES;
    }

    /**
     * platform/outbox's SagaChannelTopics subscribes each service's saga-events channel to the topics the map
     * gives it; a list in a service's application.properties would outrank it and could disagree with the map.
     */
    @ParameterizedTest
    @MethodSource("services")
    void noServiceListsItsSagaChannelsTopicsByHand(String service) {
        assertFalse(Services.config(service).properties().containsKey(Services.SAGA_CHANNEL_TOPICS),
                () -> service + "'s application.properties sets " + Services.SAGA_CHANNEL_TOPICS
                        + ": remove it, the topics come from the saga map (SagaChannelTopics)");
    }

    @ParameterizedTest
    @MethodSource("services")
    void eachServiceConsumesExactlyTheTopicsOfTheEventsTheMapRoutesToIt(String service) {
        assertEquals(SagaMap.topicsConsumedBy(service), Services.consumedTopics(service),
                service + ": its channels' topics (the saga-events channel's and those application.properties names)"
                        + " against the saga map");
    }

    /** The chart's Kafka block of each service (values.yaml) reads what the map routes to it and writes what it publishes. */
    @ParameterizedTest
    @MethodSource("services")
    void eachServicesKafkaBlockInTheChartIsWhatTheMapSays(String service) {
        JsonNode kafka = Chart.values("values.yaml").path("services").path(service).path("kafka");
        Set<String> produced = new TreeSet<>();
        SagaMap.routes().stream().filter(r -> r.producer().equals(service)).forEach(r -> produced.add(r.topic()));
        assertEquals(produced, strings(kafka.path("produces")), service + ": values.yaml services." + service
                + ".kafka.produces against the topics of the event types the map has it publish");
        assertEquals(SagaMap.topicsConsumedBy(service), strings(kafka.path("consumes")), service
                + ": values.yaml services." + service + ".kafka.consumes against the saga map");
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * The chart's Kafka creates no topic by itself (a typo must fail, not create one): the KafkaTopics of the
     * release are exactly the topics of the map (the saga topics, which the chart takes from the services'
     * {@code kafka.produces}) and one dead-letter topic per service, with the default values and the production ones.
     */
    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-prod.yaml" })
    void theChartCreatesExactlyTheTopicsOfTheMapAndTheDeadLetterTopics(String values) {
        Set<String> created = new TreeSet<>();
        Chart.rendered(values).docsOf("KafkaTopic").forEach(d -> created.add(d.name()));
        Set<String> needed = new TreeSet<>();
        SagaMap.routes().forEach(r -> needed.add(r.topic()));
        Services.NAMES.forEach(s -> needed.add("checkout.dlq." + s));
        assertEquals(needed, created, values + ": the KafkaTopics of the release against the map's topics and the"
                + " services' dead-letter topics");
    }

    @Test
    void theReadmeShowsTheMapAsGenerated() {
        String readme = Repo.read(Repo.path("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has no generated saga map between\n" + BEGIN + "\nand\n" + END);
        String shown = readme.substring(begin + BEGIN.length(), end).strip();
        String generated = "```mermaid\n" + SagaMap.mermaid() + "```";
        assertEquals(generated, shown, "README.md's saga map is not the generated one; paste this between the markers:\n"
                + generated);
    }

    @Test
    void theReadmesSequenceDiagramHasEveryServiceAsAParticipant() {
        Map<String, String> participants = participants(Repo.read(Repo.path("README.md")));
        assertEquals(new TreeSet<>(SagaMap.SERVICES), new TreeSet<>(participants.values()),
                "README.md's sequence diagram: its `participant X as <service>` declarations against SagaMap.SERVICES");
    }

    @Test
    void everyArrowOfTheReadmesSequenceDiagramIsARouteOfTheMap() {
        String readme = Repo.read(Repo.path("README.md"));
        Map<String, String> participants = participants(readme);
        assertFalse(participants.isEmpty(), "README.md's sequence diagram declares no `participant X as <service>`");
        Matcher m = arrow(participants.keySet()).matcher(readme);
        List<String> wrong = new ArrayList<>();
        int arrows = 0;
        while (m.find()) {
            arrows++;
            String from = participants.get(m.group(1));
            String to = participants.get(m.group(2));
            EventType type = Arrays.stream(EventType.values()).filter(t -> t.simpleName().equals(m.group(3))).findFirst()
                    .orElse(null);
            if (type == null || !SagaMap.of(type).producer().equals(from) || !SagaMap.of(type).consumers().contains(to)) {
                wrong.add(m.group().strip());
            }
        }
        assertTrue(arrows >= 10, "the sequence diagram was not found (" + arrows + " arrows)");
        assertTrue(wrong.isEmpty(), "arrows the saga map does not have: " + wrong);
    }
}
