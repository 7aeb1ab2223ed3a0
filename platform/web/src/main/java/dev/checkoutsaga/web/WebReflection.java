package dev.checkoutsaga.web;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images: {@link Problem} is the entity of a {@code Response} built by the exception mappers
 * (its type is in no resource method signature, so Quarkus REST does not register it), and the
 * sandbox serializes it with an {@code ObjectMapper} to store an idempotent answer. Registered here,
 * once, for every application that uses this module.
 */
@RegisterForReflection(targets = { Problem.class, Problem.FieldError.class })
public final class WebReflection {
    private WebReflection() {
    }
}
