package dev.checkoutsaga.deploy.verify;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.testkit.LocalServices;

/** The saga services and the sandbox: module directories and the configuration keys they read. */
public final class Services {

    /**
     * The saga services, as deploy/services.txt lists them (testkit {@link LocalServices}): the one list of
     * services, which {@code ServicesListsAgreeTest} checks against SagaMap.SERVICES and the chart's {@code services}.
     */
    public static final List<LocalServices.Service> LISTED = LocalServices.in(Repo.root());
    public static final List<String> NAMES = LISTED.stream().map(LocalServices.Service::name).toList();
    public static final String SANDBOX = "sandbox";

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::([^}]*))?}");

    private Services() {
    }

    public static String moduleDir(String name) {
        return SANDBOX.equals(name) ? "deploy/sandbox" : name;
    }

    /** What a service's src/main/resources/application.properties tells about the configuration it reads. */
    public record ServiceConfig(String service, Map<String, String> properties, Set<String> referencedVariables,
            List<Requirement> required) {

        /** True if the key (a property name or its environment-variable form) is one the service declares. */
        public boolean declares(String key) {
            if (properties.containsKey(key) || referencedVariables.contains(key)) {
                return true;
            }
            return properties.keySet().stream().anyMatch(p -> envName(p).equals(key))
                    || referencedVariables.stream().anyMatch(v -> envName(v).equals(key));
        }
    }

    /** A key the service needs set in a cluster, and every name (property, env form, referenced variable) that sets it. */
    public record Requirement(String property, String why, Set<String> satisfiedBy) {
    }

    /**
     * Defaults every saga service gets from platform/outbox and platform/web (dependencies of all of them) and
     * platform/ratelimit (of the three with limited endpoints), below the
     * service's own application.properties: settings they share, e.g. tracing.
     */
    public static final List<String> PLATFORM_DEFAULTS = List.of(
            "platform/outbox/src/main/resources/META-INF/microprofile-config.properties",
            "platform/web/src/main/resources/META-INF/microprofile-config.properties",
            "platform/ratelimit/src/main/resources/META-INF/microprofile-config.properties",
            "platform/sealing/src/main/resources/META-INF/microprofile-config.properties");

    /**
     * Properties without %profile. prefixes (the last profile's value wins only for the profile-less key);
     * for the saga services, the platform defaults first and the service's own file over them.
     */
    public static ServiceConfig config(String service) {
        String own = Repo.read(Repo.path(moduleDir(service) + "/src/main/resources/application.properties"));
        StringBuilder defaults = new StringBuilder();
        PLATFORM_DEFAULTS.forEach(file -> defaults.append(Repo.read(Repo.path(file))).append('\n'));
        String text = SANDBOX.equals(service) ? own : defaults + own;
        Properties raw = new Properties();
        try {
            raw.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, String> prodValues = new LinkedHashMap<>();
        for (String k : raw.stringPropertyNames()) {
            String v = raw.getProperty(k);
            if (k.startsWith("%")) {
                int dot = k.indexOf('.');
                String profile = k.substring(1, dot);
                String key = k.substring(dot + 1);
                props.putIfAbsent(key, v);
                if (profile.equals("prod")) {
                    prodValues.put(key, v);
                }
            } else {
                props.put(k, v);
                prodValues.putIfAbsent(k, v);
            }
        }
        Set<String> vars = new LinkedHashSet<>();
        for (String v : props.values()) {
            Matcher m = EXPRESSION.matcher(v);
            while (m.find()) {
                vars.add(m.group(1));
            }
        }
        java.util.List<Requirement> required = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : prodValues.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            String why = null;
            if (value.contains("localhost") || value.contains("127.0.0.1")) {
                why = "its default (" + value + ") points at localhost";
            } else if (key.equals("quarkus.datasource.username") || key.equals("quarkus.datasource.password")
                    || key.matches("quarkus\\.datasource\\.\"?[^.]+\"?\\.(username|password)")) {
                why = "the database credentials must come from a Secret, not the packaged default";
            }
            if (why != null) {
                Set<String> by = new LinkedHashSet<>();
                by.add(key);
                by.add(envName(key));
                Matcher m = EXPRESSION.matcher(value);
                while (m.find()) {
                    by.add(m.group(1));
                    by.add(envName(m.group(1)));
                }
                required.add(new Requirement(key, why, by));
            }
        }
        return new ServiceConfig(service, props, vars, required);
    }

    /** The channel whose topics platform/outbox's SagaChannelTopics sets from the saga map. */
    public static final String SAGA_CHANNEL = "saga-events";
    /** The property SagaChannelTopics sets, which no service's application.properties may set by hand. */
    public static final String SAGA_CHANNEL_TOPICS = "mp.messaging.incoming." + SAGA_CHANNEL + ".topics";

    /**
     * The topics the saga-events channel of a service reads: platform/outbox's SagaChannelTopics subscribes it to
     * the topics of the event types the service handles ({@link SagaMap#handledBy}) that other services publish.
     * None if the service has no such channel.
     */
    public static Set<String> sagaChannelTopics(String service) {
        if (!config(service).properties().containsKey("mp.messaging.incoming." + SAGA_CHANNEL + ".connector")) {
            return Set.of();
        }
        Set<String> out = new TreeSet<>();
        for (EventType type : SagaMap.handledBy(service)) {
            if (!SagaMap.of(type).producer().equals(service)) {
                out.add(type.topic());
            }
        }
        return out;
    }

    /**
     * The topics a service's incoming channels read: those its application.properties names on a channel
     * ({@code .topic}/{@code .topics}; dead-letter topics are written, not read) and its saga-events channel's
     * ({@link #sagaChannelTopics}).
     */
    public static Set<String> consumedTopics(String service) {
        Set<String> topics = new TreeSet<>(sagaChannelTopics(service));
        config(service).properties().forEach((key, value) -> {
            if (key.startsWith("mp.messaging.incoming.") && (key.endsWith(".topic") || key.endsWith(".topics"))
                    && !key.endsWith(".dead-letter-queue.topic")) {
                Arrays.stream(value.split(",")).map(String::strip).forEach(topics::add);
            }
        });
        return topics;
    }

    /** SmallRye Config's environment-variable form of a property name: upper case, non-alphanumerics to '_'. */
    public static String envName(String property) {
        StringBuilder sb = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return sb.toString();
    }
}
