package dev.checkoutsaga.sandbox.faults;

import java.util.Optional;
import java.util.regex.Pattern;

/** The endpoints whose answers can be faulted, by their name in the admin API and in configuration. */
public enum FaultEndpoint {
    CHARGES("charges", Pattern.compile("/v1/charges/?")),
    REFUNDS("refunds", Pattern.compile("/v1/refunds/?")),
    SHIPMENTS("shipments", Pattern.compile("/v1/shipments/?")),
    SHIPMENT_CANCEL("shipment-cancel", Pattern.compile("/v1/shipments/[^/]+/cancel/?"));

    private final String id;
    private final Pattern path;

    FaultEndpoint(String id, Pattern path) {
        this.id = id;
        this.path = path;
    }

    /** The name used in {@code /v1/admin/faults/{endpoint}} and {@code sandbox.faults.<endpoint>.*}. */
    public String id() {
        return id;
    }

    /** The endpoint a request goes to: only POSTs are faulted (reads, the ledger and admin never are). */
    public static Optional<FaultEndpoint> of(String method, String path) {
        if (!"POST".equals(method)) {
            return Optional.empty();
        }
        for (FaultEndpoint e : values()) {
            if (e.path.matcher(path).matches()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static Optional<FaultEndpoint> byId(String id) {
        for (FaultEndpoint e : values()) {
            if (e.id.equals(id)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
