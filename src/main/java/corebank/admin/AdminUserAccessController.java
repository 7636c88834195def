package corebank.admin;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.identity.user.Role;
import corebank.identity.user.UserAccess;
import corebank.web.Origins;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Administrators disable and re-enable users (there is no delete: the audit trail names every user). */
@Controller("/internal/v1/admin/users")
@Secured(Role.ADMIN_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "admin: users")
class AdminUserAccessController {

    private final UserAccess access;

    AdminUserAccessController(UserAccess access) {
        this.access = access;
    }

    @Post("/{username}/disable")
    @Operation(summary = "Disable a user: their sessions end at once and their logins fail like any other failed login")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: invalid_state_transition",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    AdminUsersController.UserResponse disable(@PathVariable String username, HttpRequest<?> request) {
        return AdminUsersController.UserResponse.of(access.disable(username, Origins.of(request, AdminUsersController.CHANNEL)));
    }

    @Post("/{username}/enable")
    @Operation(summary = "Re-enable a disabled user")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: invalid_state_transition",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    AdminUsersController.UserResponse enable(@PathVariable String username, HttpRequest<?> request) {
        return AdminUsersController.UserResponse.of(access.enable(username, Origins.of(request, AdminUsersController.CHANNEL)));
    }
}
