package corebank.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.serde.annotation.Serdeable;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Checks a JSON body against the route's body record before it is bound: each known field's
 * JSON type and form (a string where text is expected, a UUID, a date, a whole number in range,
 * an enum constant, an array without null elements), so that a value the binder cannot take is
 * refused with the field's full path and a plain sentence ({@code startDate: must be a date such
 * as "2026-01-31"}) instead of the parser's message or an internal error. Unknown fields, nulls
 * of optional fields and the rules of Bean Validation are left to the binder and the validator.
 */
final class BodyShape {

    /** A body that does not fit: the field's path, the sentence, and whether it is a money amount. */
    record Misfit(String field, String detail, boolean amount) {
    }

    private BodyShape() {
    }

    /** The first misfit of the body (positioned before its first token) against {@code type}, or null. */
    static Misfit check(JsonParser parser, Type type) throws IOException {
        parser.nextToken();
        return value(parser, type, "", null);
    }

    private static Misfit value(JsonParser p, Type type, String path, AnnotatedElement annotations) throws IOException {
        JsonToken token = p.currentToken();
        Class<?> raw = raw(type);
        String name = path.isEmpty() ? "body" : path;
        if (token == JsonToken.VALUE_NULL) {
            return raw.isPrimitive() ? new Misfit(name, name + ": must not be null", false) : null;
        }
        if (raw == String.class) {
            if (token != JsonToken.VALUE_STRING) {
                p.skipChildren();
                boolean amount = annotations != null && decimalString(annotations);
                return new Misfit(name, amount ? name + ": " + DecimalStringDeserializer.MESSAGE : name + ": must be a JSON string", amount);
            }
            return null;
        }
        if (raw == UUID.class) {
            return token == JsonToken.VALUE_STRING && uuid(p.getText()) ? null : misfit(p, name, "must be a UUID");
        }
        if (raw == LocalDate.class) {
            return token == JsonToken.VALUE_STRING && date(p.getText()) ? null : misfit(p, name, "must be a date such as \"2026-01-31\"");
        }
        if (raw == Instant.class) {
            return token == JsonToken.VALUE_STRING && instant(p.getText()) ? null
                    : misfit(p, name, "must be an instant with its zone such as \"2026-01-31T09:00:00Z\"");
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            long max = raw == Long.class || raw == long.class ? Long.MAX_VALUE : Integer.MAX_VALUE;
            long min = raw == Long.class || raw == long.class ? Long.MIN_VALUE : Integer.MIN_VALUE;
            return (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_STRING) && inRange(p, min, max) ? null
                    : misfit(p, name, "must be a whole number from " + min + " to " + max);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE ? null : misfit(p, name, "must be true or false");
        }
        if (raw.isEnum()) {
            String names = Arrays.stream(raw.getEnumConstants()).map(e -> ((Enum<?>) e).name()).collect(Collectors.joining(", "));
            return token == JsonToken.VALUE_STRING && names(raw).contains(p.getText().toUpperCase(java.util.Locale.ROOT)) ? null : misfit(p, name, "must be one of " + names);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            if (token != JsonToken.START_ARRAY) {
                return misfit(p, name, "must be a JSON array");
            }
            Type element = argument(type, 0);
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String at = path + "[" + index++ + "]";
                if (p.currentToken() == JsonToken.VALUE_NULL) {
                    return new Misfit(at, at + ": must not be null", false);
                }
                Misfit misfit = value(p, element, at, null);
                if (misfit != null) {
                    return misfit;
                }
            }
            return null;
        }
        if (raw.isRecord()) {
            if (token != JsonToken.START_OBJECT) {
                return misfit(p, name, "must be a JSON object");
            }
            Map<String, RecordComponent> components = Arrays.stream(raw.getRecordComponents())
                    .collect(Collectors.toMap(RecordComponent::getName, c -> c));
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                RecordComponent component = components.get(field);
                if (component == null) {
                    p.skipChildren(); // the binder refuses it as unknown_field
                    continue;
                }
                Misfit misfit = value(p, component.getGenericType(), path.isEmpty() ? field : path + "." + field, component);
                if (misfit != null) {
                    return misfit;
                }
            }
            return null;
        }
        p.skipChildren(); // a type this check does not know: the binder decides
        return null;
    }

    private static Misfit misfit(JsonParser p, String name, String expects) throws IOException {
        p.skipChildren();
        return new Misfit(name, name + ": " + expects, false);
    }

    private static boolean decimalString(AnnotatedElement component) {
        Serdeable.Deserializable using = component.getAnnotation(Serdeable.Deserializable.class);
        if (using == null && component instanceof RecordComponent rc) {
            try {
                using = rc.getDeclaringRecord().getDeclaredField(rc.getName()).getAnnotation(Serdeable.Deserializable.class);
            } catch (NoSuchFieldException e) {
                return false;
            }
        }
        return using != null && using.using() == DecimalStringDeserializer.class;
    }

    private static java.util.Set<String> names(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> ((Enum<?>) e).name()).collect(Collectors.toSet());
    }

    /** A JSON integer, or a string holding one (which the binder converts too), within [min, max]. */
    private static boolean inRange(JsonParser p, long min, long max) throws IOException {
        try {
            java.math.BigInteger value = new java.math.BigInteger(p.getText().trim());
            return value.compareTo(java.math.BigInteger.valueOf(min)) >= 0 && value.compareTo(java.math.BigInteger.valueOf(max)) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean uuid(String text) {
        try {
            return text.length() == 36 && UUID.fromString(text) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean date(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean instant(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType pt && pt.getActualTypeArguments().length > index
                ? pt.getActualTypeArguments()[index] : Object.class;
    }
}
