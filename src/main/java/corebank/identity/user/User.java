package corebank.identity.user;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A user as the identity feature sees it. Secrets stay encoded (hashes, sealed TOTP secret).
 *
 * @param customerRef for customers, the owner reference of their ledger accounts ("customer:alice")
 */
public record User(UUID id, String username, String displayName, Set<Role> roles, String customerRef, UserStatus status,
                   String passwordHash, String totpSecretSealed, Instant totpConfirmedAt, Long totpLastStep,
                   String pendingTotpSecretSealed, int failedAttempts, int lockCount, Instant lockedUntil,
                   Instant createdAt) {

    public boolean isActive() {
        return status == UserStatus.ACTIVE;
    }

    public boolean hasSecondFactor() {
        return totpSecretSealed != null && totpConfirmedAt != null;
    }

    public boolean isLockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    public boolean isCustomer() {
        return roles.contains(Role.CUSTOMER);
    }

    /** The id audit events and journal entries name this user by. */
    public String actor() {
        return "user:" + username;
    }

    /** The role a user acts in for the audit trail: the most privileged one they hold. */
    public String primaryRole() {
        for (Role r : new Role[]{Role.ADMIN, Role.SUPERVISOR, Role.TELLER, Role.AUDITOR, Role.CUSTOMER}) {
            if (roles.contains(r)) {
                return r.name();
            }
        }
        return "NONE";
    }
}
