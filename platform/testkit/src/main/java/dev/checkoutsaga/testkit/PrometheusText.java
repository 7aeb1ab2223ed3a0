package dev.checkoutsaga.testkit;

import static io.restassured.RestAssured.given;

import java.util.Arrays;

/**
 * Reads sample values out of a service's Prometheus text ({@code /q/metrics}), so that a test
 * asserts what a metric says, not only that it exists.
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The sum of the samples of {@code name} (exactly that metric, with or without labels) whose
     * labels contain every fragment, e.g. {@code method="x.Y.call"}. 0 when none matches.
     */
    public static double sum(String text, String name, String... labelFragments) {
        return text.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labelFragments).allMatch(l::contains))
                .mapToDouble(PrometheusText::value)
                .sum();
    }

    /** {@link #sum} over the text the app under test (RestAssured's base URI and port) serves at /q/metrics. */
    public static double scrape(String name, String... labelFragments) {
        return sum(given().get("/q/metrics").then().statusCode(200).extract().asString(), name, labelFragments);
    }

    /** The sample's value: the first token after the labels (an exemplar or a timestamp may follow it). */
    static double value(String line) {
        int exemplar = line.indexOf(" # ");
        String sample = exemplar >= 0 ? line.substring(0, exemplar) : line;
        int labelsEnd = sample.lastIndexOf('}');
        String rest = labelsEnd >= 0 ? sample.substring(labelsEnd + 1) : sample.substring(sample.indexOf(' '));
        return Double.parseDouble(rest.trim().split("\\s+")[0]);
    }
}
