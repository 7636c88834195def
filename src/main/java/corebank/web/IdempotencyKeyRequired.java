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
 * The required {@code Idempotency-Key} header of a money-moving POST, for the OpenAPI document
 * (on the header argument of the controller method; not @Nullable, or the document drops
 * required: a missing header arrives as the default ""): a string of 1 to 128 printable ASCII characters, what
 * ledger.IdempotencyRef accepts. The engine refuses the call without it (idempotency_key_missing).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, required = true,
        description = "Required: the engine refuses the call without it (idempotency_key_missing); a replay answers the first outcome "
                + "with Idempotent-Replayed: true, the same key with another request is 409 idempotency_conflict",
        schema = @Schema(type = "string", minLength = IdempotencyKeyRequired.MIN_LENGTH, maxLength = IdempotencyKeyRequired.MAX_LENGTH,
                pattern = "^[\\x21-\\x7E]+$", example = "3f1c9a52-7d1e-4b8e-9a4e-2f0c6b1d8e11"))
public @interface IdempotencyKeyRequired {
    int MIN_LENGTH = 1;
    int MAX_LENGTH = 128;
}
