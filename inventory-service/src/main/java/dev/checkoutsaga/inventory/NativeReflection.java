package dev.checkoutsaga.inventory;

import dev.checkoutsaga.inventory.persistence.ProductView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images: {@link ProductView} is cached in Redis as JSON by {@code ProductCache} with an
 * {@code ObjectMapper} (read back with {@code readValue}), which Quarkus REST's own registration of
 * resource signatures does not cover for certain. The event contract is registered by
 * saga-events (each contract type carries {@code @RegisterForReflection}), {@code Problem} by web's {@code WebReflection}.
 */
@RegisterForReflection(targets = { ProductView.class })
public final class NativeReflection {
    private NativeReflection() {
    }
}
