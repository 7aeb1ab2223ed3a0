package dev.checkoutsaga.sandbox.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.sandbox.idempotency.Idempotency;
import dev.checkoutsaga.sandbox.idempotency.IdempotencyStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Keeps the sandbox's books across restarts when {@code sandbox.state-file} is set (the local stack
 * sets it, next to the services' data): the ledger and the stored idempotency answers are written on
 * a graceful shutdown and read at start-up. Without it, a restarted provider would forget charges
 * that the services remember (refunds of them would fail, the audit would see money vanish) and would
 * execute a retried charge again. A killed sandbox (kill -9) loses what happened since its start.
 */
@ApplicationScoped
public class SandboxState {
    private static final Logger LOG = Logger.getLogger(SandboxState.class);

    /** What is written to the file. */
    public record Saved(Ledger.State ledger, List<IdempotencyStore.Saved> idempotency) {
    }

    @ConfigProperty(name = "sandbox.state-file")
    Optional<Path> stateFile;
    @Inject
    Ledger ledger;
    @Inject
    Idempotency idempotency;
    @Inject
    ObjectMapper json;

    void load(@Observes StartupEvent event) throws IOException {
        if (stateFile.isEmpty() || !Files.exists(stateFile.get())) {
            return;
        }
        Saved saved = json.readValue(stateFile.get().toFile(), Saved.class);
        ledger.restore(saved.ledger());
        idempotency.store().restore(saved.idempotency());
        LOG.infof("sandbox books restored from %s: %d orders, %d idempotency keys", stateFile.get(),
                saved.ledger().orders().size(), saved.idempotency().size());
    }

    void save(@Observes ShutdownEvent event) {
        stateFile.ifPresent(file -> {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                json.writeValue(tmp.toFile(), new Saved(ledger.snapshot(), idempotency.store().snapshot()));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                LOG.infof("sandbox books saved to %s", file);
            } catch (IOException e) {
                LOG.errorf(e, "could not save the sandbox books to %s", file);
            }
        });
    }
}
