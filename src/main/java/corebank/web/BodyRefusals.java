package corebank.web;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The refusals of a route that takes a JSON body, for the OpenAPI document (on the controller
 * method): a body over {@code micronaut.server.max-request-size} is 413 {@code payload_too_large},
 * a Content-Type other than JSON is 415 {@code unsupported_media_type} (RouteMissFilter).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "413", description = "payload_too_large: the body is larger than the engine accepts (micronaut.server.max-request-size, 256 KiB)",
        content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "415", description = "unsupported_media_type: the body is not application/json",
        content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
public @interface BodyRefusals {
}
