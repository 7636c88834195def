package corebank.web;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The optional {@code Idempotency-Key} header of a route that needs it only sometimes (a linked
 * batch, closing an account that holds money), for the OpenAPI document: the same bounds as
 * {@link IdempotencyKeyRequired}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER,
        description = "Needed when the route says so (idempotency_key_missing without it then); a replay answers the first outcome "
                + "with Idempotent-Replayed: true, the same key with another request is 409 idempotency_conflict",
        schema = @Schema(type = "string", minLength = IdempotencyKeyRequired.MIN_LENGTH, maxLength = IdempotencyKeyRequired.MAX_LENGTH,
                pattern = "^[\\x21-\\x7E]+$", example = "3f1c9a52-7d1e-4b8e-9a4e-2f0c6b1d8e11"))
public @interface IdempotencyKeyOptional {
}
