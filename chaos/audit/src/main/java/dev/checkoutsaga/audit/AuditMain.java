package dev.checkoutsaga.audit;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.checkoutsaga.events.SagaMap;

/**
 * {@code java -jar audit.jar [--<name>-url URL]... [--service-url-template TEMPLATE] [--sandbox-url URL]
 * [--issuer URL] [--quiet-timeout SECONDS]} (or the CHECKOUT_&lt;NAME&gt;_URL,
 * CHECKOUT_SERVICE_URL_TEMPLATE, CHECKOUT_SANDBOX_URL, CHECKOUT_ISSUER and
 * CHECKOUT_AUDIT_QUIET_TIMEOUT environment variables), where {@code <name>} is a saga service's name
 * without {@code -service} ({@code --order-url}, {@code --inventory-url}, ...; {@link Endpoints}). It reads
 * with the token of its own client, checkout-audit (secret: CHECKOUT_AUDIT_CLIENT_SECRET, the demo
 * realm's by default), and judges only a quiet saga ({@link Auditor}).
 * Prints the report; exit code 0 = all invariants hold, 1 = at least one fails, 2 = could not read,
 * 3 = cannot judge yet (the saga did not get quiet within the quiet timeout).
 */
public final class AuditMain {

    /** The realm file's secret of checkout-audit (local stack, tests); a cluster sets CHECKOUT_AUDIT_CLIENT_SECRET. */
    static final String DEMO_SECRET = "audit-demo-secret";
    /** How long to wait for a quiet saga before saying the audit cannot judge yet. */
    static final Duration DEFAULT_QUIET_TIMEOUT = Duration.ofSeconds(120);
    /** Pause between two looks at a saga that is still moving. */
    static final Duration POLL = Duration.ofSeconds(1);

    private AuditMain() {
    }

    public static void main(String[] args) {
        Map<String, String> settings = settings(System.getenv(), args, SagaMap.SERVICES);
        try {
            SnapshotReader reader = new SnapshotReader(Endpoints.fromEnv(settings),
                    settings.getOrDefault("CHECKOUT_AUDIT_CLIENT_SECRET", DEMO_SECRET));
            Duration quietTimeout = Duration.ofSeconds(Long.parseLong(settings.getOrDefault("CHECKOUT_AUDIT_QUIET_TIMEOUT",
                    String.valueOf(DEFAULT_QUIET_TIMEOUT.toSeconds()))));
            Auditor.Verdict verdict = new Auditor(reader, quietTimeout, POLL).run();
            System.out.print(verdict.render());
            System.exit(!verdict.judged() ? 3 : verdict.report().passed() ? 0 : 1);
        } catch (SnapshotReader.AuditException e) {
            System.err.println("audit could not run: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The environment with the command line's options on top, as the variables they stand for. */
    static Map<String, String> settings(Map<String, String> env, String[] args, List<String> sagaServices) {
        Map<String, String> settings = new HashMap<>(env);
        for (int i = 0; i + 1 < args.length; i += 2) {
            settings.put(variableOf(args[i], sagaServices), args[i + 1]);
        }
        return settings;
    }

    private static String variableOf(String option, List<String> sagaServices) {
        return switch (option) {
            case "--sandbox-url" -> "CHECKOUT_SANDBOX_URL";
            case "--issuer" -> "CHECKOUT_ISSUER";
            case "--quiet-timeout" -> "CHECKOUT_AUDIT_QUIET_TIMEOUT";
            case "--service-url-template" -> Endpoints.URL_TEMPLATE;
            default -> sagaServices.stream().filter(service -> option.equals("--" + Endpoints.shortName(service) + "-url"))
                    .map(Endpoints::envName).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown option " + option));
        };
    }
}
