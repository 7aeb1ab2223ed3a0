package dev.checkoutsaga.outbox;

import dev.checkoutsaga.events.EventType;

/** An event whose type belongs to another topic than the one it came on: refused, never applied. */
public class MisplacedEventException extends RuntimeException {
    public MisplacedEventException(EventType type, String topic) {
        super(type.simpleName() + " is published on " + type.topic() + " only, not on " + topic);
    }
}
