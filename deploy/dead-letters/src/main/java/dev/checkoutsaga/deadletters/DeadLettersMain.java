package dev.checkoutsaga.deadletters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code java -jar dead-letters.jar [--bootstrap HOST:PORT] [--config FILE] [--topic TOPIC] COMMAND}
 * <ul>
 * <li>{@code list}: every dead letter kept, one line each (where, when, event type and id, order,
 * where it was consumed from, why it failed);</li>
 * <li>{@code show TOPIC/PARTITION@OFFSET}: one dead letter with all its headers and its payload;</li>
 * <li>{@code replay TOPIC/PARTITION@OFFSET...} or {@code replay --all}: put them back on the topics
 * they came from (fix the cause first: a replayed event that fails again is dead-lettered again).</li>
 * </ul>
 * {@code --bootstrap} defaults to the local stack's Kafka (localhost:19092); {@code --config} is a
 * Kafka client properties file (bootstrap.servers, security.protocol, sasl.*) for a cluster.
 * {@code --topic} restricts list and replay --all to one dead-letter topic. Exit 0, or 2 on a usage
 * or connection error.
 */
public final class DeadLettersMain {
    static final String LOCAL_BOOTSTRAP = "localhost:19092";

    private DeadLettersMain() {
    }

    public static void main(String[] args) {
        int rc;
        try {
            rc = run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("dead-letters: " + e.getMessage());
            rc = 2;
        } catch (Exception e) {
            System.err.println("dead-letters: " + e);
            rc = 2;
        }
        System.exit(rc);
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Properties client = new Properties();
        client.put("bootstrap.servers", LOCAL_BOOTSTRAP);
        String topic = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> client.put("bootstrap.servers", value(args, ++i, "--bootstrap"));
                case "--config" -> load(client, Path.of(value(args, ++i, "--config")));
                case "--topic" -> topic = value(args, ++i, "--topic");
                default -> rest.add(args[i]);
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("usage: list | show TOPIC/PARTITION@OFFSET | replay (--all | TOPIC/PARTITION@OFFSET...)");
        }
        try (DeadLetters dlq = new DeadLetters(client)) {
            List<String> topics = topic != null ? List.of(topic) : dlq.topics();
            switch (rest.get(0)) {
                case "list" -> {
                    List<DeadLetter> letters = dlq.list(topics);
                    letters.forEach(d -> out.println(d.summary()));
                    out.println(letters.size() + " dead letter(s) in " + (topics.isEmpty() ? "no dead-letter topic" : topics));
                }
                case "show" -> {
                    if (rest.size() != 2) {
                        throw new IllegalArgumentException("usage: show TOPIC/PARTITION@OFFSET");
                    }
                    out.print(dlq.get(DeadLetter.Position.parse(rest.get(1))).details());
                }
                case "replay" -> {
                    List<DeadLetter> letters = new ArrayList<>();
                    if (rest.size() == 2 && rest.get(1).equals("--all")) {
                        letters.addAll(dlq.list(topics));
                    } else if (rest.size() >= 2) {
                        for (String at : rest.subList(1, rest.size())) {
                            letters.add(dlq.get(DeadLetter.Position.parse(at)));
                        }
                    } else {
                        throw new IllegalArgumentException("usage: replay --all | replay TOPIC/PARTITION@OFFSET...");
                    }
                    List<DeadLetter.Position> written = dlq.replay(letters);
                    for (int i = 0; i < letters.size(); i++) {
                        out.println("replayed " + letters.get(i).at() + " -> " + written.get(i) + "  "
                                + letters.get(i).headers().getOrDefault("ce_type", "") + " " + letters.get(i).headers()
                                        .getOrDefault("ce_id", ""));
                    }
                    out.println(letters.size() + " dead letter(s) replayed");
                }
                default -> throw new IllegalArgumentException("unknown command " + rest.get(0) + " (list, show, replay)");
            }
        }
        return 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void load(Properties client, Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            client.load(r);
        }
    }
}
