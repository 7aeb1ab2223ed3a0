package dev.checkoutsaga.audit;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar audit.jar [--order-url URL] [--inventory-url URL] [--payment-url URL]
 * [--shipping-url URL] [--sandbox-url URL]} (or the CHECKOUT_*_URL environment variables).
 * Prints the report; exit code 0 = all invariants hold, 1 = at least one fails, 2 = could not read.
 */
public final class AuditMain {

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
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            };
            settings.put(key, args[i + 1]);
        }
        try {
            AuditReport report = AuditReport.of(new SnapshotReader(Endpoints.fromEnv(settings)).read());
            System.out.print(report.render());
            System.exit(report.passed() ? 0 : 1);
        } catch (SnapshotReader.AuditException e) {
            System.err.println("audit could not run: " + e.getMessage());
            System.exit(2);
        }
    }
}
