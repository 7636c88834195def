package corebank.approvals;

import corebank.audit.AuditContext;
import corebank.identity.user.Role;
import corebank.identity.user.UserAdmin;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.Map;

/**
 * An administrator's MFA reset of a user waits for another administrator. Executed inside the
 * transaction that marks the request EXECUTED, so it happens once; the new enrollment token is
 * the one-time secret of the approve answer, stored only as a hash. Parameters: {@code username}.
 */
@Singleton
public class MfaResetOperation implements ApprovalOperation {

    public static final String NAME = "mfa-reset";
    private final UserAdmin users;

    MfaResetOperation(UserAdmin users) {
        this.users = users;
    }

    public String name() {
        return NAME;
    }

    public Role checker() {
        return Role.ADMIN;
    }

    public Subject validate(Map<String, String> parameters) {
        String username = users.get(parameters.get("username")).username();
        return new Subject(username, "user:" + username);
    }

    public String subjectActor(ApprovalRequest request) {
        return "user:" + request.subject();
    }

    public Execution execute(DSLContext sql, ApprovalRequest request, AuditContext context) {
        UserAdmin.Created reset = users.resetMfa(sql, request.subject(), context);
        return new Execution(reset.user().username(), reset.enrollmentToken());
    }
}
