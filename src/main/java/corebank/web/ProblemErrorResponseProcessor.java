package corebank.web;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces Micronaut's default error body so that the framework's own refusals (malformed JSON,
 * unknown fields, failed bean validation, unknown route, wrong method, oversized body) are
 * problem+json with a stable code too. Internal errors never leak their message.
 */
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<ProblemDetail> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);
    private static final java.util.regex.Pattern UNKNOWN_PROPERTY = java.util.regex.Pattern.compile("Unknown property \\[([^\\]]{1,100})\\]");

    @Override
    public MutableHttpResponse<ProblemDetail> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        Throwable cause = context.getRootCause().orElse(null);
        String field = context.getErrors().stream().map(Error::getPath).flatMap(java.util.Optional::stream)
                .map(ProblemErrorResponseProcessor::lastSegment).findFirst().orElse(null);
        String code = codeFor(status, cause);
        String causeMessage = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        java.util.regex.Matcher unknown = UNKNOWN_PROPERTY.matcher(causeMessage);
        if (status.getCode() == 400 && unknown.find()) {
            code = "unknown_field";
            field = unknown.group(1);
        } else if (status.getCode() == 400 && causeMessage.contains(DecimalStringDeserializer.MESSAGE)) {
            code = "invalid_amount";
        }
        String detail;
        if (status.getCode() >= 500) {
            LOG.error("internal error on {} {}", context.getRequest().getMethod(), context.getRequest().getPath(), cause);
            detail = "The engine could not complete the request; nothing was changed unless a later read shows it. Quote the request id to support.";
        } else {
            detail = context.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason())
                    .replaceFirst("^Failed to convert argument \\[body\\] for value \\[null\\] due to: ", "");
            if ("unknown_field".equals(code)) {
                detail = "unknown field '" + field + "': the request body may only hold the documented fields";
            }
        }
        MutableHttpResponse<ProblemDetail> response = Problems.of(context.getRequest(), status, code, detail, field);
        base.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response;
    }

    private static String codeFor(HttpStatus status, Throwable cause) {
        return switch (status.getCode()) {
            case 400 -> cause instanceof ConversionErrorException || cause instanceof ConstraintViolationException
                    || cause instanceof io.micronaut.web.router.exceptions.UnsatisfiedRouteException
                    ? "validation_failed" : "malformed_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 503 -> "unavailable";
            default -> status.getCode() >= 500 ? "internal_error" : "request_refused";
        };
    }

    private static String lastSegment(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
