package corebank.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * RFC 9457 problem details, plus Corebank's extension members: a stable {@code code}, the
 * {@code field} at fault and the {@code requestId} to quote to support.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        String field,
        String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static String typeFor(String code) {
        return "urn:corebank:problem:" + code;
    }
}
