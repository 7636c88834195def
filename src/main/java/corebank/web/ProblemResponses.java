package corebank.web;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The refusals every operation of a controller can answer, for the OpenAPI document: each an
 * RFC 9457 problem document ({@link ProblemDetail}, the component {@code Problem}). Put on a
 * controller class; micronaut-openapi reads the stereotype's responses for each of its operations.
 * What an operation answers beyond these is on its method: {@link BodyRefusals} on every route
 * with a body, {@link Throttled} on the throttled login routes, and {@code @ApiResponse}s naming
 * the operation's own 409, 422 and (for ledger writes) 503 codes, which replace the generic 503.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ApiResponse(responseCode = "400", description = "Refused input (validation_failed and the field at fault, malformed body, bad header)",
        content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "401", description = "No valid session or credentials",
        content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The role may not call this route, or the CSRF token is missing",
        content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "404", description = "Unknown, or another customer's, object",
        content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "406", description = "not_acceptable: the Accept header names no media type the route answers",
        content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "500", description = "An unexpected failure (internal_error); nothing was written",
        content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = "unavailable: the database cannot be reached, or the engine is shutting down; nothing was written. Retry after Retry-After seconds",
        headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying", schema = @Schema(type = "integer")),
        content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
public @interface ProblemResponses {
}
