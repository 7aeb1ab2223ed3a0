package dev.checkoutsaga.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The saga's services as {@code deploy/services.txt} lists them (name, local API port, database): the
 * one list the local stack, the end-to-end tests and deploy/verify read, so a new participant is one
 * line there rather than an edit in each tool.
 */
public final class LocalServices {

    /** Where the list lives, relative to the repository's root. */
    public static final String FILE = "deploy/services.txt";

    /** One service: its name (also its module directory), its local API port and its database. */
    public record Service(String name, int port, String database) {
        /** The local management port (health, metrics): the API port + 1000, as the stack starts it. */
        public int managementPort() {
            return port + 1000;
        }
    }

    private LocalServices() {
    }

    /** The services listed in {@code root}/{@value #FILE}, in the file's order. */
    public static List<Service> in(Path root) {
        Path file = root.resolve(FILE);
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The services of the lines of a services file: blank lines and {@code #} comments are skipped. */
    public static List<Service> parse(List<String> lines) {
        List<Service> services = new ArrayList<>();
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] columns = text.split("\\s+");
            if (columns.length != 3) {
                throw new IllegalArgumentException("expected 'name port database' in " + FILE + ", got: " + line);
            }
            services.add(new Service(columns[0], Integer.parseInt(columns[1]), columns[2]));
        }
        return List.copyOf(services);
    }

    /** The service called {@code name}, or an exception naming the file it is missing from. */
    public static Service named(List<Service> services, String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " is not listed in " + FILE));
    }
}
