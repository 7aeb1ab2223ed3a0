package dev.checkoutsaga.testkit.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Test-only app: sends to and receives from one topic through the SmallRye Kafka connector. */
@ApplicationScoped
public class RoundTripBean {

    private final CopyOnWriteArrayList<String> received = new CopyOnWriteArrayList<>();

    @Inject
    @Channel("out")
    Emitter<String> emitter;

    /** Completes when the broker acknowledged the record. */
    public java.util.concurrent.CompletionStage<Void> send(String value) {
        return emitter.send(value);
    }

    /** A method, not a field: the injected reference is a client proxy. */
    public List<String> received() {
        return List.copyOf(received);
    }

    @Incoming("in")
    public void receive(String value) {
        received.add(value);
    }
}
