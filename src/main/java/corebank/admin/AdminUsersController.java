package corebank.admin;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.approvals.ApprovalRequest;
import corebank.approvals.Approvals;
import corebank.approvals.MfaResetOperation;
import corebank.approvals.RoleGrantOperation;
import corebank.identity.user.Role;
import corebank.identity.user.User;
import corebank.identity.user.UserAdmin;
import corebank.web.Origins;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Administrators manage users and roles. Nothing here ever sees or sets a password. */
@Controller("/internal/v1/admin/users")
@Secured(Role.ADMIN_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "admin: users")
class AdminUsersController {

    static final String CHANNEL = "admin-api";

    @Serdeable
    record CreateUserRequest(@NotNull(message = "required") String username,
                             @NotBlank(message = "required") @Size(max = 200, message = "at most 200 characters") String displayName,
                             @NotEmpty(message = "at least one role is required") Set<Role> roles,
                             @Nullable @Pattern(regexp = "customer:[a-z0-9._-]{1,64}", message = "looks like customer:<id>") String customerRef) {
    }

    @Serdeable
    record RolesRequest(@NotEmpty(message = "at least one role is required") Set<Role> roles, @Nullable String reason) {
    }

    @Serdeable
    record UserResponse(String username, String displayName, List<String> roles, @Nullable String customerRef,
                        String status, boolean secondFactorEnrolled, @Nullable Instant lockedUntil, Instant createdAt) {
        static UserResponse of(User u) {
            return new UserResponse(u.username(), u.displayName(), u.roles().stream().map(Enum::name).sorted().toList(),
                    u.customerRef(), u.status().name(), u.hasSecondFactor(), u.lockedUntil(), u.createdAt());
        }
    }

    /** The enrollment token is shown once: pass it to the user over a separate, trusted channel. */
    @Serdeable
    record EnrollmentResponse(UserResponse user, String enrollmentToken, Instant enrollmentExpiresAt) {
        static EnrollmentResponse of(UserAdmin.Created c) {
            return new EnrollmentResponse(UserResponse.of(c.user()), c.enrollmentToken(), c.enrollmentExpiresAt());
        }
    }

    @Serdeable
    record ReasonRequest(@Nullable String reason) {
    }

    private final UserAdmin users;
    private final Approvals approvals;
    private final MfaResetOperation mfaReset;
    private final RoleGrantOperation roleGrant;

    AdminUsersController(UserAdmin users, Approvals approvals, MfaResetOperation mfaReset, RoleGrantOperation roleGrant) {
        this.users = users;
        this.approvals = approvals;
        this.mfaReset = mfaReset;
        this.roleGrant = roleGrant;
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record UsersPage(List<UserResponse> users, @Nullable String nextCursor) {
    }

    @Get("{?cursor,limit}")
    @Operation(summary = "Users by username with their roles and state; a page at a time (limit 1 to 200, default 50): pass nextCursor as cursor")
    UsersPage list(@Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        corebank.platform.Pages.Slice<User> page = users.page(cursor, limit);
        return new UsersPage(page.rows().stream().map(UserResponse::of).toList(), page.nextCursor());
    }

    @Get("/{username}")
    @Operation(summary = "One user")
    UserResponse get(@PathVariable String username) {
        return UserResponse.of(users.get(username));
    }

    @Post
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Create a user; answers a one-time enrollment token (never a password)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: user_exists, customer_ref_taken",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: unknown_customer",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.BodyRefusals
    HttpResponse<EnrollmentResponse> create(@Valid @Body CreateUserRequest body, HttpRequest<?> request) {
        return HttpResponse.created(EnrollmentResponse.of(users.create(body.username(), body.displayName(), body.roles(),
                body.customerRef(), Origins.of(request, CHANNEL))));
    }

    @Put("/{username}/roles")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Changed at once", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = io.micronaut.http.MediaType.APPLICATION_JSON, schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = UserResponse.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "A high-privilege grant: an approval request", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = io.micronaut.http.MediaType.APPLICATION_JSON, schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ApprovalRequest.class)))
    @Operation(summary = "Replace a user's roles; ends their sessions. Granting ADMIN, SUPERVISOR or AUDITOR answers 202 with an approval request that another administrator decides")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: approval_pending",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<?> roles(@PathVariable String username, @Valid @Body RolesRequest body, HttpRequest<?> request) {
        var context = Origins.of(request, CHANNEL);
        if (users.rolesAdded(username, body.roles()).stream().anyMatch(RoleGrantOperation.HIGH_PRIVILEGE::contains)) {
            String name = users.get(username).username();
            return HttpResponse.accepted().body(approvals.submit(roleGrant,
                    Map.of("username", name, "roles", RoleGrantOperation.roles(body.roles())),
                    body.reason() == null ? "role grant" : body.reason(), null, null, context).request());
        }
        return HttpResponse.ok(UserResponse.of(users.changeRoles(username, body.roles(), context)));
    }

    @Post("/{username}/unlock")
    @Operation(summary = "Lift a lockout")
    UserResponse unlock(@PathVariable String username, HttpRequest<?> request) {
        return UserResponse.of(users.unlock(username, Origins.of(request, CHANNEL)));
    }

    @Post("/{username}/mfa-reset")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.ACCEPTED)
    @Operation(summary = "Ask to drop a user's second factor and recovery codes: 202 with an approval request; another administrator approves it and alone receives the new enrollment token, once")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: approval_pending",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<ApprovalRequest> resetMfa(@PathVariable String username, @Nullable @Body ReasonRequest body, HttpRequest<?> request) {
        return HttpResponse.accepted().body(approvals.submit(mfaReset, Map.of("username", users.get(username).username()),
                body == null || body.reason() == null ? "MFA reset" : body.reason(), null, null, Origins.of(request, CHANNEL)).request());
    }
}
