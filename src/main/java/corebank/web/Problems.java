package corebank.web;

import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/** Builds problem+json responses; the one place that maps refusal kinds to HTTP statuses. */
public final class Problems {

    /** Marks an answer replayed from a stored Idempotency-Key outcome. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private Problems() {
    }

    public static HttpStatus statusOf(CorebankException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case REFUSED -> HttpStatus.UNPROCESSABLE_ENTITY;
            case THROTTLED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    public static MutableHttpResponse<ProblemDetail> of(HttpRequest<?> request, CorebankException e) {
        MutableHttpResponse<ProblemDetail> response = of(request, statusOf(e.kind()), e.code(), e.detail(), e.field());
        if (e.replayed()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return response;
    }

    public static MutableHttpResponse<ProblemDetail> of(HttpRequest<?> request, HttpStatus status, ErrorCode code,
                                                        String detail, String field) {
        ProblemDetail body = new ProblemDetail(
                ProblemDetail.typeFor(code.wire()),
                status.getReason(),
                status.getCode(),
                detail,
                request == null ? null : request.getPath(),
                code.wire(),
                field,
                request == null ? null : RequestIds.of(request));
        return HttpResponse.<ProblemDetail>status(status).body(body).contentType(ProblemDetail.MEDIA_TYPE);
    }
}
