package dev.checkoutsaga.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record ShippingAddress(String name, String line1, String line2, String city, String postalCode, String country) {
}
