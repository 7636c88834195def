package corebank.identity.user;

import corebank.audit.AuditAction;
import corebank.identity.IdentityException;
import corebank.identity.IdentityStore;
import corebank.identity.LoginSettings;
import corebank.identity.session.Tokens;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What administrators do to users: create them (handing out a one-time enrollment token, never a
 * password), change roles, unlock, reset the second factor. Each change is audited; role
 * changes and resets also end the user's sessions so that nothing keeps old rights.
 */
@Singleton
public class UserAdmin {

    /** A new user and the enrollment token to pass to them (shown once). */
    public record Created(User user, String enrollmentToken, Instant enrollmentExpiresAt) {
    }

    private final TransactionRunner runner;
    private final IdentityStore store;
    private final AuditLog auditLog;
    private final LoginSettings settings;
    private final Clock clock;

    UserAdmin(TransactionRunner runner, IdentityStore store, AuditLog auditLog, LoginSettings settings, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.auditLog = auditLog;
        this.settings = settings;
        this.clock = clock;
    }

    public Created create(String username, String displayName, Set<Role> roles, String customerRef, AuditContext context) {
        NewUser valid = validate(username, displayName, roles, customerRef);
        try {
            return runner.serializable("user-create", sql -> insert(sql, valid, context));
        } catch (RuntimeException e) {
            throw unknownCustomer(e);
        }
    }

    /**
     * Creates a user inside the caller's transaction (which it does not retry or commit), for a
     * feature that creates it together with other records (customers' onboarding).
     */
    public Created create(org.jooq.DSLContext sql, String username, String displayName, Set<Role> roles, String customerRef,
                          AuditContext context) {
        return insert(sql, validate(username, displayName, roles, customerRef), context);
    }

    /** The database refuses a customerRef that names no customer (foreign key, SQLSTATE 23503). */
    private static RuntimeException unknownCustomer(RuntimeException e) {
        if ("23503".equals(TransactionRunner.sqlState(e))) {
            return new IdentityException(ErrorCode.UNKNOWN_CUSTOMER, "customerRef names no customer", "customerRef");
        }
        return e;
    }

    private record NewUser(String name, String displayName, Set<Role> roles, String customerRef) {
    }

    private static NewUser validate(String username, String displayName, Set<Role> roles, String customerRef) {
        String name = validUsername(username);
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            throw IdentityException.invalid("displayName is required (at most 200 characters)", "displayName");
        }
        Set<Role> roleSet = validRoles(roles);
        if (roleSet.contains(Role.CUSTOMER) != (customerRef != null)) {
            throw IdentityException.invalid("customerRef is required for customers and only for them", "customerRef");
        }
        if (customerRef != null && !customerRef.matches("customer:[a-z0-9._-]{1,64}")) {
            throw IdentityException.invalid("customerRef looks like customer:<id>", "customerRef");
        }
        return new NewUser(name, displayName, roleSet, customerRef);
    }

    private Created insert(org.jooq.DSLContext sql, NewUser user, AuditContext context) {
        String token = Tokens.random();
        Instant now = clock.instant();
        if (store.userByUsername(sql, user.name(), false).isPresent()) {
            throw new IdentityException(ErrorCode.USER_EXISTS, "a user named " + user.name() + " exists", "username");
        }
        if (user.customerRef() != null && store.customerRefTaken(sql, user.customerRef())) {
            // one login per customer: the customer's accounts and payments hang off this reference
            throw new IdentityException(ErrorCode.CUSTOMER_REF_TAKEN,
                    "another user already signs in as " + user.customerRef(), "customerRef");
        }
        UUID id = UUID.randomUUID();
        Instant expires = now.plusSeconds(settings.enrollmentTokenSeconds());
        store.insertUser(sql, id, user.name(), user.displayName(), user.roles(), user.customerRef(), Tokens.hash(token),
                expires, now);
        auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_USER_CREATE, "USER", user.name(),
                Map.of("roles", user.roles().stream().map(Role::name).sorted().toList())));
        return new Created(store.userById(sql, id, false).orElseThrow(), token, expires);
    }

    public User changeRoles(String username, Set<Role> roles, AuditContext context) {
        Set<Role> roleSet = validRoles(roles);
        return runner.serializable("user-roles", sql -> changeRoles(sql, username, roleSet, context));
    }

    /** Replaces a user's roles inside the caller's transaction (an approved role grant) and ends their sessions. */
    public User changeRoles(org.jooq.DSLContext sql, String username, Set<Role> roles, AuditContext context) {
        Set<Role> roleSet = validRoles(roles);
        Instant now = clock.instant();
        User user = existing(sql, username);
        if (roleSet.contains(Role.CUSTOMER) && user.customerRef() == null) {
            throw IdentityException.invalid("a customer role needs a customerRef, given at creation", "roles");
        }
        store.setRoles(sql, user.id(), roleSet);
        store.revokeAllSessions(sql, user.id(), "roles_changed", now);
        auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_USER_ROLES, "USER", user.username(),
                Map.of("from", user.roles().stream().map(Role::name).sorted().toList(),
                        "to", roleSet.stream().map(Role::name).sorted().toList())));
        return store.userById(sql, user.id(), false).orElseThrow();
    }

    /** The roles a change would add to what the user holds now, checked as a change would be. */
    public Set<Role> rolesAdded(String username, Set<Role> roles) {
        Set<Role> added = EnumSet.copyOf(validRoles(roles));
        added.removeAll(get(username).roles());
        return added;
    }

    public User unlock(String username, AuditContext context) {
        return runner.serializable("user-unlock", sql -> {
            Instant now = clock.instant();
            User user = existing(sql, username);
            store.unlock(sql, user.id());
            auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_USER_UNLOCK, "USER", user.username(), null));
            return store.userById(sql, user.id(), false).orElseThrow();
        });
    }

    /** Drops the user's second factor and recovery codes, ends their sessions, hands out a new enrollment token. */
    public Created resetMfa(String username, AuditContext context) {
        return runner.serializable("user-mfa-reset", sql -> resetMfa(sql, username, context));
    }

    /**
     * The reset inside the caller's transaction (an approved request): the token exists only in
     * the answer, its hash in the user's row.
     */
    public Created resetMfa(org.jooq.DSLContext sql, String username, AuditContext context) {
        String token = Tokens.random();
        Instant now = clock.instant();
        User user = existing(sql, username);
        Instant expires = now.plusSeconds(settings.enrollmentTokenSeconds());
        store.resetMfa(sql, user.id(), Tokens.hash(token), expires);
        store.revokeAllSessions(sql, user.id(), "mfa_reset", now);
        auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_MFA_RESET, "USER", user.username(), null));
        return new Created(store.userById(sql, user.id(), false).orElseThrow(), token, expires);
    }

    public List<User> list() {
        return runner.read(store::users);
    }

    /** A page of the users by username (see {@link corebank.platform.Pages}). */
    public corebank.platform.Pages.Slice<User> page(String cursor, Integer limit) {
        int size = corebank.platform.Pages.size(limit);
        String after = cursor == null ? "" : corebank.platform.Pages.key(cursor, 1, k -> k[0].isEmpty() ? null : k[0]);
        return corebank.platform.Pages.slice(runner.read(sql -> store.users(sql, after, size + 1)), size,
                u -> corebank.platform.Pages.cursor(u.username()));
    }

    public User get(String username) {
        return runner.read(sql -> store.userByUsername(sql, username == null ? "" : username.toLowerCase(), false))
                .orElseThrow(() -> new IdentityException(ErrorCode.NOT_FOUND,
                        "no user " + username, "username"));
    }

    /** Creates the first administrator if none exists; null if one already does. */
    public Created bootstrapAdmin(String username, AuditContext context) {
        boolean exists = runner.read(store::anyAdmin);
        return exists ? null : create(username, "Administrator", EnumSet.of(Role.ADMIN), null, context);
    }

    private User existing(org.jooq.DSLContext sql, String username) {
        return store.userByUsername(sql, username == null ? "" : username.toLowerCase(), true)
                .orElseThrow(() -> new IdentityException(ErrorCode.NOT_FOUND,
                        "no user " + username, "username"));
    }

    private static String validUsername(String username) {
        String name = username == null ? "" : username.trim().toLowerCase();
        if (!name.matches("[a-z0-9][a-z0-9._@-]{2,63}")) {
            throw IdentityException.invalid("username: 3 to 64 of a-z 0-9 . _ @ -, starting with a letter or digit", "username");
        }
        return name;
    }

    private static Set<Role> validRoles(Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw IdentityException.invalid("at least one role is required", "roles");
        }
        Set<Role> set = EnumSet.copyOf(roles);
        if (set.contains(Role.CUSTOMER) && set.size() > 1) {
            throw IdentityException.invalid("a customer holds no staff role (separation of duties)", "roles");
        }
        return set;
    }
}
