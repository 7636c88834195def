package corebank.identity.user;

import corebank.platform.Lifecycle;

/**
 * A user: ACTIVE (may log in) <-> DISABLED (may not; sessions refresh no more). Either move is
 * allowed; a temporary lockout after failed attempts is not a status but a time (lockedUntil).
 */
public enum UserStatus implements Lifecycle<UserStatus> {
    ACTIVE, DISABLED;

    @Override
    public boolean canMoveTo(UserStatus next) {
        return next != this;
    }
}
