package dev.checkoutsaga.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Native images: every type Jackson meets in an event payload is registered for reflection (see SagaEvent). */
class SagaEventsReflectionTest {

    @Test
    void everyContractTypeReachableFromAPayloadIsRegistered() throws ClassNotFoundException {
        Set<String> reachable = new TreeSet<>();
        Deque<Type> todo = new ArrayDeque<>();
        for (EventType type : EventType.values()) {
            todo.add(type.payloadClass());
        }
        while (!todo.isEmpty()) {
            Type t = todo.pop();
            if (t instanceof ParameterizedType p) {
                todo.addAll(java.util.List.of(p.getActualTypeArguments()));
                continue;
            }
            if (!(t instanceof Class<?> c) || !c.getPackageName().equals(EventType.class.getPackageName())
                    || !reachable.add(c.getName())) {
                continue;
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    todo.add(rc.getGenericType());
                }
            }
        }
        Set<String> unregistered = new TreeSet<>();
        for (String name : reachable) {
            if (!Class.forName(name).isAnnotationPresent(RegisterForReflection.class)) {
                unregistered.add(name);
            }
        }
        assertEquals(Set.of(), unregistered, "contract types without @RegisterForReflection (a native service fails on them)");
    }
}
