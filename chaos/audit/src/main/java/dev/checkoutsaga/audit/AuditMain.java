package dev.checkoutsaga.audit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar audit.jar [--order-url URL] [--inventory-url URL] [--payment-url URL]
 * [--shipping-url URL] [--sandbox-url URL] [--issuer URL] [--quiet-timeout SECONDS]} (or the
 * CHECKOUT_*_URL, CHECKOUT_ISSUER and CHECKOUT_AUDIT_QUIET_TIMEOUT environment variables). It reads
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
        Map<String, String> settings = new HashMap<>(System.getenv());
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = switch (args[i]) {
                case "--order-url" -> "CHECKOUT_ORDER_URL";
                case "--inventory-url" -> "CHECKOUT_INVENTORY_URL";
                case "--payment-url" -> "CHECKOUT_PAYMENT_URL";
                case "--shipping-url" -> "CHECKOUT_SHIPPING_URL";
                case "--sandbox-url" -> "CHECKOUT_SANDBOX_URL";
                case "--issuer" -> "CHECKOUT_ISSUER";
                case "--quiet-timeout" -> "CHECKOUT_AUDIT_QUIET_TIMEOUT";
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            };
            settings.put(key, args[i + 1]);
        }
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
}
