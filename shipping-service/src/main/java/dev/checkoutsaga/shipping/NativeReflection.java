package dev.checkoutsaga.shipping;

import dev.checkoutsaga.shipping.client.CarrierApi;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images: the carrier client's request body. {@code BookingRequest} is in a REST client method
 * signature (registered by quarkus-rest-client-jackson), but {@code Address} and {@code Parcel} are
 * only reached through its fields (one of them inside a {@code List}), so all three are listed. The
 * carrier's answers are read as a {@code JsonNode} tree ({@code CarrierResponses}: no reflection).
 */
@RegisterForReflection(targets = {
        CarrierApi.BookingRequest.class,
        CarrierApi.Address.class,
        CarrierApi.Parcel.class,
})
public final class NativeReflection {
    private NativeReflection() {
    }
}
