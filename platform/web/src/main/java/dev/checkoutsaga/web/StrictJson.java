package dev.checkoutsaga.web;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * How a public request body is read: {@code @CustomDeserialization(StrictJson.class)} on the
 * endpoint. Unlike the tolerant reader the services use for what they receive from each other and
 * from third parties, a client's body must be exactly what the API documents, or it is a 400 naming
 * the field (platform/web {@link ProblemMappers}):
 * <ul>
 * <li>an unknown field is refused (a misspelt optional field is never silently ignored);</li>
 * <li>numbers must be JSON numbers of the declared type: no {@code "2"} for 2, no {@code 1.5} for a
 * quantity, no {@code ""} for a number, no number or boolean where text is expected;</li>
 * <li>text must not contain control characters (U+0000-U+001F, U+007F-U+009F): they have no place in
 * a name, an address or a token, and PostgreSQL refuses U+0000;</li>
 * <li>nesting deeper than {@value #MAX_DEPTH} is refused before it is built.</li>
 * </ul>
 */
public final class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {
    static final int MAX_DEPTH = 16;

    /** One strict copy per application mapper (there is one; the map only avoids a static mutable field). */
    private static final Map<ObjectMapper, ObjectMapper> STRICT = new ConcurrentHashMap<>();

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        ObjectMapper strict = STRICT.computeIfAbsent(mapper, StrictJson::strictCopy);
        return strict.readerFor(strict.constructType(type));
    }

    /** True when {@code text} holds a control character (U+0000-U+001F, U+007F-U+009F): the one rule of the API. */
    public static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    static ObjectMapper strictCopy(ObjectMapper base) {
        ObjectMapper m = base.copy();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType number : new LogicalType[] { LogicalType.Integer, LogicalType.Float, LogicalType.Boolean }) {
            m.coercionConfigFor(number).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.registerModule(new SimpleModule("strict-text").addDeserializer(String.class, new PlainText()));
        return m;
    }

    /** A JSON string without control characters. */
    static final class PlainText extends StdScalarDeserializer<String> {
        PlainText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = StringDeserializer.instance.deserialize(p, ctxt);
            if (text != null && hasControlCharacter(text)) {
                throw new ControlCharacter(p);
            }
            return text;
        }
    }

    /** A text field with a control character: 400 "must not contain control characters" naming it. */
    static final class ControlCharacter extends MismatchedInputException {
        ControlCharacter(JsonParser p) {
            super(p, "text with a control character", String.class);
        }
    }
}
