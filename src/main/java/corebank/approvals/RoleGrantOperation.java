package corebank.approvals;

import corebank.audit.AuditContext;
import corebank.identity.user.Role;
import corebank.identity.user.UserAdmin;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A role change that grants ADMIN, SUPERVISOR or AUDITOR waits for another administrator; the
 * user's sessions end when it is executed. Parameters: {@code username}, {@code roles} (the whole
 * new set, comma-separated).
 */
@Singleton
public class RoleGrantOperation implements ApprovalOperation {

    public static final String NAME = "role-grant";
    /** Roles whose grant needs a second administrator. */
    public static final Set<Role> HIGH_PRIVILEGE = EnumSet.of(Role.ADMIN, Role.SUPERVISOR, Role.AUDITOR);
    private final UserAdmin users;

    RoleGrantOperation(UserAdmin users) {
        this.users = users;
    }

    public String name() {
        return NAME;
    }

    public Role checker() {
        return Role.ADMIN;
    }

    public static String roles(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    private static Set<Role> roles(String text) {
        return Arrays.stream(text.split(",")).map(Role::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    public Subject validate(Map<String, String> parameters) {
        String username = users.get(parameters.get("username")).username();
        users.rolesAdded(username, roles(parameters.get("roles")));
        return new Subject(username, "user:" + username);
    }

    public String subjectActor(ApprovalRequest request) {
        return "user:" + request.subject();
    }

    public Execution execute(DSLContext sql, ApprovalRequest request, AuditContext context) {
        return Execution.of(users.changeRoles(sql, request.subject(), roles(request.parameters().get("roles")), context).username());
    }
}
