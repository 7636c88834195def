package corebank.web;

import corebank.platform.ErrorCode;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces Micronaut's default error body so that the framework's own refusals (malformed JSON,
 * unknown fields, unconvertible values, unknown route, wrong method, oversized body) are
 * problem+json with a stable code too (bean validation has its own handler, ConstraintViolationHandler).
 * Internal errors never leak their message, and no detail carries a parser's message (type
 * names, source excerpts): such a detail becomes a plain sentence naming the field. The refusals
 * of the HTTP layer (malformed body, oversize body, method, media type, Accept) are audited
 * (EdgeRefusals).
 */
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<ProblemDetail> {

    /** Text that only a parser or the runtime writes: never shown to a client. */
    private static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "Cannot deserialize|\\[Source|Error decoding|Failed to convert|java\\.|corebank\\.|io\\.micronaut|Exception|Unexpected character|line: \\d");
    /** The body fields that carry money as decimal strings (DecimalStringDeserializer). */
    private static final java.util.Set<String> AMOUNT_FIELDS = java.util.Set.of("amount", "overdraftLimit");

    private final EdgeRefusals refusals;

    ProblemErrorResponseProcessor(EdgeRefusals refusals) {
        this.refusals = refusals;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);
    private static final java.util.regex.Pattern UNKNOWN_PROPERTY = java.util.regex.Pattern.compile("Unknown property \\[([^\\]]{1,100})\\]");

    @Override
    public MutableHttpResponse<ProblemDetail> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        Throwable cause = context.getRootCause().orElse(null);
        String field = context.getErrors().stream().map(Error::getPath).flatMap(java.util.Optional::stream)
                .map(ProblemErrorResponseProcessor::lastSegment).findFirst().orElse(null);
        ErrorCode code = codeFor(status, cause);
        String causeMessage = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        java.util.regex.Matcher unknown = UNKNOWN_PROPERTY.matcher(causeMessage);
        if (status.getCode() == 400 && unknown.find()) {
            code = ErrorCode.UNKNOWN_FIELD;
            field = unknown.group(1);
        } else if (status.getCode() == 400 && causeMessage.contains(DecimalStringDeserializer.MESSAGE)) {
            code = field != null && AMOUNT_FIELDS.contains(field) ? ErrorCode.INVALID_AMOUNT : ErrorCode.VALIDATION_FAILED;
        }
        String detail;
        if (status.getCode() >= 500) {
            LOG.error("internal error on {} {}", context.getRequest().getMethod(), context.getRequest().getPath(), cause);
            detail = "The engine could not complete the request; nothing was changed unless a later read shows it. Quote the request id to support.";
        } else {
            detail = context.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason())
                    .replaceFirst("^Failed to convert argument \\[body\\] for value \\[null\\] due to: ", "");
            if (code == ErrorCode.UNKNOWN_FIELD) {
                detail = "unknown field '" + field + "': the request body may only hold the documented fields";
            } else if (code == ErrorCode.INVALID_AMOUNT) {
                detail = field + ": " + DecimalStringDeserializer.MESSAGE;
            } else if (INTERNALS.matcher(detail).find()) {
                LOG.info("refused {} {}: {} ({})", context.getRequest().getMethod(), context.getRequest().getPath(), code, detail);
                detail = code == ErrorCode.MALFORMED_REQUEST ? "the body is not valid JSON"
                        : field == null ? "the request does not have the documented form" : field + ": is not of the documented type";
            }
        }
        refusals.audit(context.getRequest(), code);
        MutableHttpResponse<ProblemDetail> response = Problems.of(context.getRequest(), status, code, detail, field);
        base.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> response.header(name, v));
            }
        });
        SecurityHeadersFilter.apply(context.getRequest(), response);
        return response;
    }

    private static ErrorCode codeFor(HttpStatus status, Throwable cause) {
        return switch (status.getCode()) {
            case 400 -> cause instanceof ConversionErrorException
                    || cause instanceof io.micronaut.web.router.exceptions.UnsatisfiedRouteException
                    ? ErrorCode.VALIDATION_FAILED : ErrorCode.MALFORMED_REQUEST;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status.getCode() >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.REQUEST_REFUSED;
        };
    }

    /** The field of an error path: a body's "order.amount" names amount, a query value's "/limit" names limit. */
    private static String lastSegment(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('/'));
        return cut < 0 ? path : path.substring(cut + 1);
    }
}
