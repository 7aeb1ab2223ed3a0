package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every alert of the plain Prometheus rules file and of the PrometheusRule has a {@code runbook_url} naming an
 * existing page under docs/runbooks (the same page in both), and the runbooks hang together: every page is linked
 * from the index (docs/runbooks/README.md), the index names each alert with its page, every page has the five
 * sections of a runbook, and every relative link of a page points at a file of the repository.
 */
class EveryAlertHasARunbookTest {

    static final String RUNBOOKS = "docs/runbooks";
    static final String INDEX = RUNBOOKS + "/README.md";
    /** A runbook_url is a repository-relative path of a page (no host: the repository's URL is not known here). */
    static final Pattern RUNBOOK_URL = Pattern.compile("docs/runbooks/[a-z0-9]+(-[a-z0-9]+)*\\.md");
    static final List<String> SECTIONS = List.of("Symptoms", "Confirm", "Mitigate", "Recover", "Verify nothing was lost");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    /** alert name -> its runbook_url (null when absent), from every plain rules file (top-level "groups:"). */
    static Map<String, String> plainRunbooks() {
        Map<String, String> out = new TreeMap<>();
        for (Path f : HandWritten.yamlFiles(HandWritten.OBSERVABILITY)) {
            for (JsonNode doc : StrictManifests.trees(Repo.read(f), Repo.relative(f))) {
                if (doc.has("groups") && !doc.has("kind")) {
                    collect(doc.path("groups"), out);
                }
            }
        }
        return out;
    }

    /** alert name -> its runbook_url (null when absent), from every PrometheusRule. */
    static Map<String, String> operatorRunbooks() {
        Map<String, String> out = new TreeMap<>();
        for (StrictManifests.Doc d : HandWritten.kubernetesDocs(HandWritten.OBSERVABILITY)) {
            if (d.kind().equals("PrometheusRule")) {
                collect(d.tree().path("spec").path("groups"), out);
            }
        }
        return out;
    }

    private static void collect(JsonNode groups, Map<String, String> out) {
        for (JsonNode g : groups) {
            for (JsonNode r : g.path("rules")) {
                if (r.has("alert")) {
                    JsonNode url = r.path("annotations").path("runbook_url");
                    out.put(r.path("alert").asText(), url.isTextual() ? url.asText() : null);
                }
            }
        }
    }

    /** The pages under docs/runbooks, index excluded, as file names. */
    static Set<String> pages() {
        Path dir = Repo.require(RUNBOOKS, "the runbooks, one page per alert and per operational topic");
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> out = new TreeSet<>();
            s.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("README.md"))
                    .forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> runbookProblems(String where, Map<String, String> runbooks) {
        List<String> problems = new ArrayList<>();
        runbooks.forEach((alert, url) -> {
            if (url == null) {
                problems.add(where + ": alert " + alert + " has no runbook_url annotation");
            } else if (!RUNBOOK_URL.matcher(url).matches()) {
                problems.add(where + ": alert " + alert + " has runbook_url '" + url
                        + "', expected the repository-relative form docs/runbooks/<page>.md");
            } else if (!Files.isRegularFile(Repo.path(url))) {
                problems.add(where + ": alert " + alert + " has runbook_url " + url + ", which does not exist");
            }
        });
        return problems;
    }

    @Test
    void everyAlertOfThePlainRulesHasAnExistingRunbookPage() {
        Map<String, String> plain = plainRunbooks();
        assertFalse(plain.isEmpty(), "no alert in a plain Prometheus rules file under deploy/observability");
        List<String> problems = runbookProblems("prometheus/alert-rules.yaml", plain);
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void everyAlertOfThePrometheusRuleHasTheSameExistingRunbookPage() {
        Map<String, String> operator = operatorRunbooks();
        assertFalse(operator.isEmpty(), "no alert in a PrometheusRule under deploy/observability");
        List<String> problems = runbookProblems("PrometheusRule", operator);
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        assertEquals(plainRunbooks(), operator,
                "runbook_url per alert: plain rules file vs PrometheusRule (run sync-prometheusrule.py)");
    }

    @Test
    void everyRunbookPageIsLinkedFromTheIndex() {
        String index = Repo.read(Repo.require(INDEX, "the runbook index"));
        Set<String> linked = new TreeSet<>();
        Matcher m = LINK.matcher(index);
        while (m.find()) {
            linked.add(m.group(1).replaceFirst("^\\./", "").replaceFirst("#.*$", ""));
        }
        Set<String> pages = pages();
        assertFalse(pages.isEmpty(), "no runbook page under " + RUNBOOKS);
        Set<String> missing = new TreeSet<>(pages);
        missing.removeAll(linked);
        assertTrue(missing.isEmpty(), () -> INDEX + " does not link " + missing);
    }

    @Test
    void theIndexNamesEveryAlertWithItsPage() {
        List<String> rows = Repo.read(Repo.require(INDEX, "the runbook index")).lines()
                .filter(l -> l.startsWith("|")).toList();
        List<String> problems = new ArrayList<>();
        plainRunbooks().forEach((alert, url) -> {
            if (url == null) {
                return; // reported by the runbook_url tests
            }
            String page = url.substring(RUNBOOKS.length() + 1);
            boolean listed = rows.stream().anyMatch(r -> r.matches("\\|\\s*" + Pattern.quote(alert) + "\\s*\\|.*")
                    && r.contains("(" + page + ")"));
            if (!listed) {
                problems.add(INDEX + " has no table row '| " + alert + " | ... [" + page + "](" + page + ") |'");
            }
        });
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void everyRunbookPageHasTheFiveSections() {
        List<String> problems = new ArrayList<>();
        for (String page : pages()) {
            Set<String> headings = new TreeSet<>();
            Repo.read(Repo.path(RUNBOOKS + "/" + page)).lines().filter(l -> l.startsWith("## "))
                    .forEach(l -> headings.add(l.substring(3).trim()));
            for (String section : SECTIONS) {
                if (!headings.contains(section)) {
                    problems.add(RUNBOOKS + "/" + page + " has no section '## " + section + "'");
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void everyRelativeLinkOfTheRunbooksPointsAtAFile() {
        List<String> problems = new ArrayList<>();
        List<String> files = new ArrayList<>(pages());
        files.add("README.md");
        for (String page : files) {
            Path p = Repo.path(RUNBOOKS + "/" + page);
            Matcher m = LINK.matcher(Repo.read(p));
            while (m.find()) {
                String target = m.group(1).replaceFirst("#.*$", "");
                if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
                    continue; // an anchor of the same page, or an absolute URL
                }
                if (!Files.exists(p.getParent().resolve(target).normalize())) {
                    problems.add(RUNBOOKS + "/" + page + " links " + m.group(1) + ", which does not exist");
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }
}
