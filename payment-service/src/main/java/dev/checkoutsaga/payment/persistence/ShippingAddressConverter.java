package dev.checkoutsaga.payment.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.events.ShippingAddress;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the shipping address (only forwarded, never queried) as a JSON text column. */
@Converter
public class ShippingAddressConverter implements AttributeConverter<ShippingAddress, String> {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public String convertToDatabaseColumn(ShippingAddress address) {
        if (address == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ShippingAddress convertToEntityAttribute(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, ShippingAddress.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
