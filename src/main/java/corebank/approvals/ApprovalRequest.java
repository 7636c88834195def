package corebank.approvals;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An approval request as stored, and as the internal and auditor APIs show it. The checker,
 * decision, hold and execution fields are null until they apply; {@code refusalCode} is the error
 * code of a FAILED execution.
 */
@Serdeable
public record ApprovalRequest(UUID id, String operation, Map<String, String> parameters, String subject, String maker,
                              String makerRole, String reason, String checkerRole, Instant createdAt, Instant expiresAt,
                              ApprovalStatus status, @Nullable String checker, @Nullable String decisionReason,
                              @Nullable Instant decidedAt, @Nullable UUID holdId, @Nullable Instant executedAt,
                              @Nullable String resultRef, @Nullable String refusalCode, @Nullable String refusalDetail) {
}
