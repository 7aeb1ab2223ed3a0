package dev.checkoutsaga.order.persistence;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.events.StockLine;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the stock lines inventory released as a small JSON array (only read back as a whole). */
@Converter
public class StockLinesConverter implements AttributeConverter<List<StockLine>, String> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<StockLine>> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<StockLine> lines) {
        if (lines == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<StockLine> convertToEntityAttribute(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable released_stock: " + json, e);
        }
    }
}
