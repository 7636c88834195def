package corebank.teller;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.customers.Customer;
import corebank.customers.Onboarding;
import corebank.identity.user.Role;
import corebank.ledger.IdempotencyRef;
import corebank.web.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;

/** Onboarding in one idempotent request: the customer, a first account and the online-banking login. */
@Controller("/internal/v1/onboarding")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Role.TELLER_NAME, Role.SUPERVISOR_NAME})
@corebank.web.ProblemResponses
@Tag(name = "teller: customers")
class OnboardingController {

    @Serdeable
    record OnboardedResponse(Customer customer, String accountNumber, String username, String enrollmentToken,
                             Instant enrollmentExpiresAt) {
    }

    private final Onboarding onboarding;

    OnboardingController(Onboarding onboarding) {
        this.onboarding = onboarding;
    }

    @Post
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Onboard a customer: the customer record, a first account (CURRENT or SAVINGS) and the online-banking user with its one-time enrollment token, all or nothing (idempotent)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: user_exists, customer_ref_taken, idempotency_conflict",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<OnboardedResponse> onboard(@Body Onboarding.Request body,
                                            @corebank.web.IdempotencyKeyRequired @Header(value = IdempotencyRef.HEADER, defaultValue = "") String idempotencyKey,
                                            HttpRequest<?> request) {
        IdempotencyRef ref = Callers.idempotency(request, idempotencyKey);
        Onboarding.Onboarded done = onboarding.onboard(body, ref, Callers.context(request));
        MutableHttpResponse<OnboardedResponse> response = HttpResponse.created(new OnboardedResponse(done.customer(),
                done.accountNumber(), done.username(), done.enrollmentToken(), done.enrollmentExpiresAt()));
        if (done.replayed()) {
            response.header(Problems.IDEMPOTENT_REPLAYED, "true");
        }
        return response;
    }
}
