package corebank.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * RFC 9457 problem details, plus Corebank's extension members: a stable {@code code}, the
 * {@code field} at fault and the {@code requestId} to quote to support.
 */
@Serdeable
@io.swagger.v3.oas.annotations.media.Schema(name = "Problem", description = "RFC 9457 problem details with Corebank's code, field and requestId")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(
        String type,
        String title,
        int status,
        @Nullable String detail,
        @Nullable String instance,
        String code,
        @Nullable String field,
        @Nullable String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static String typeFor(String code) {
        return "urn:corebank:problem:" + code;
    }
}
