package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

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
    /** An arrow of the README's sequence diagram: "I->>P: StockReserved ...". */
    private static final Pattern ARROW = Pattern.compile("^\\s*([OIPS])-?->>([OIPS]): ([A-Za-z]+)", Pattern.MULTILINE);
    private static final Map<String, String> PARTICIPANT = Map.of("O", SagaMap.ORDER, "I", SagaMap.INVENTORY,
            "P", SagaMap.PAYMENT, "S", SagaMap.SHIPPING);

    /** The topics a service's channels consume (dead-letter topics are written, not read). */
    static Set<String> consumedTopics(String service) {
        Set<String> topics = new TreeSet<>();
        Services.config(service).properties().forEach((key, value) -> {
            if (key.startsWith("mp.messaging.incoming.") && (key.endsWith(".topic") || key.endsWith(".topics"))
                    && !key.endsWith(".dead-letter-queue.topic")) {
                Arrays.stream(value.split(",")).map(String::strip).forEach(topics::add);
            }
        });
        return topics;
    }

    static List<String> services() {
        return SagaMap.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void eachServiceConsumesExactlyTheTopicsOfTheEventsTheMapRoutesToIt(String service) {
        assertEquals(SagaMap.topicsConsumedBy(service), consumedTopics(service),
                service + ": its channels' topics (application.properties) against the saga map");
    }

    /**
     * The chart's Kafka creates no topic by itself (a typo must fail, not create one): every topic of
     * the map must be a KafkaTopic of the release, with the default values and the production ones
     * (whose topic list replaces the default one).
     */
    @ParameterizedTest
    @ValueSource(strings = { "values.yaml", "values-prod.yaml" })
    void everyTopicOfTheMapIsCreatedByTheChart(String values) {
        Set<String> created = new TreeSet<>();
        Chart.rendered(values).docsOf("KafkaTopic").forEach(d -> created.add(d.name()));
        Set<String> needed = new TreeSet<>();
        SagaMap.routes().forEach(r -> needed.add(r.topic()));
        needed.removeAll(created);
        assertTrue(needed.isEmpty(), values + ": saga topics without a KafkaTopic: " + needed);
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
    void everyArrowOfTheReadmesSequenceDiagramIsARouteOfTheMap() {
        String readme = Repo.read(Repo.path("README.md"));
        Matcher m = ARROW.matcher(readme);
        List<String> wrong = new ArrayList<>();
        int arrows = 0;
        while (m.find()) {
            arrows++;
            String from = PARTICIPANT.get(m.group(1));
            String to = PARTICIPANT.get(m.group(2));
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
