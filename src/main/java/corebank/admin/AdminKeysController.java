package corebank.admin;

import corebank.identity.mfa.TotpKeyRotation;
import corebank.identity.user.Role;
import corebank.web.Origins;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Administrators finish a key rotation: re-encrypt stored secrets under the engine's current key. */
@Controller("/internal/v1/admin/keys")
@Secured(Role.ADMIN_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "admin: keys")
class AdminKeysController {

    @Serdeable
    record RotationResponse(int keyVersion, int resealed, long remaining) {
    }

    private final TotpKeyRotation rotation;

    AdminKeysController(TotpKeyRotation rotation) {
        this.rotation = rotation;
    }

    @Post("/totp-encryption/rotation")
    @Operation(summary = "Re-encrypt every TOTP secret under the current TOTP key version; answers how many were re-encrypted and how many remain")
    RotationResponse rotateTotp(HttpRequest<?> request) {
        TotpKeyRotation.Result result = rotation.rotate(Origins.of(request, AdminUsersController.CHANNEL));
        return new RotationResponse(result.keyVersion(), result.resealed(), result.remaining());
    }
}
