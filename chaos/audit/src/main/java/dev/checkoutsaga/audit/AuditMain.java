package dev.checkoutsaga.audit;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar audit.jar [--order-url URL] [--inventory-url URL] [--payment-url URL]
 * [--shipping-url URL] [--sandbox-url URL] [--issuer URL]} (or the CHECKOUT_*_URL and CHECKOUT_ISSUER
 * environment variables). It reads with the token of its own client, checkout-audit (secret:
 * CHECKOUT_AUDIT_CLIENT_SECRET, the demo realm's by default).
 * Prints the report; exit code 0 = all invariants hold, 1 = at least one fails, 2 = could not read.
 */
public final class AuditMain {

    /** The realm file's secret of checkout-audit (local stack, tests); a cluster sets CHECKOUT_AUDIT_CLIENT_SECRET. */
    static final String DEMO_SECRET = "audit-demo-secret";

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
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            };
            settings.put(key, args[i + 1]);
        }
        try {
            AuditReport report = AuditReport.of(new SnapshotReader(Endpoints.fromEnv(settings),
                    settings.getOrDefault("CHECKOUT_AUDIT_CLIENT_SECRET", DEMO_SECRET)).read());
            System.out.print(report.render());
            System.exit(report.passed() ? 0 : 1);
        } catch (SnapshotReader.AuditException e) {
            System.err.println("audit could not run: " + e.getMessage());
            System.exit(2);
        }
    }
}
