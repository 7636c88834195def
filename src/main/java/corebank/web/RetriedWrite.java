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
 * The 503 of a route whose write can be cut off while it commits: through the ledger's group
 * committer (ledger.GroupCommitter, which also refuses when its queue is full) or a retried
 * transaction (platform.TransactionRunner). For the OpenAPI document (on the controller method):
 * it replaces the generic 503 of {@link ProblemResponses}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "503", description = "unavailable, contention or overloaded: nothing was written; outcome_unknown: the "
        + "connection was lost while committing, so it may have been. Retry after Retry-After seconds with the same Idempotency-Key",
        headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying", schema = @Schema(type = "integer")),
        content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
public @interface RetriedWrite {
}
