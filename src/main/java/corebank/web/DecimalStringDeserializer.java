package corebank.web;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Money travels as decimal strings ("12.34"). A JSON number is refused rather than coerced:
 * many clients hold JSON numbers as binary floating point, and 0.1 + 0.2 is not 0.3.
 */
@Singleton
public class DecimalStringDeserializer implements Deserializer<String> {

    public static final String MESSAGE = "amounts must be JSON strings such as \"12.34\", never JSON numbers";

    @Override
    public String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        if (value instanceof String text) {
            return text;
        }
        throw decoder.createDeserializationException(MESSAGE, value);
    }
}
