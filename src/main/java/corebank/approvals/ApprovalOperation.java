package corebank.approvals;

import corebank.audit.AuditContext;
import corebank.identity.user.Role;
import org.jooq.DSLContext;

import java.util.Map;

/**
 * An operation that waits for a second person's approval: one bean per operation. A feature
 * that gates an operation implements this and calls {@link Approvals#submit}; approvals finds the
 * bean by {@link #name()} when the request is decided. Features depend on approvals, never the
 * reverse.
 */
public interface ApprovalOperation {

    /** A stable name, stored with every request ("reversal"); lower case, dots and dashes. */
    String name();

    /**
     * Who may check (approve or reject) it; never the maker, whatever their roles. A supervisor
     * unless the operation is about identities (administrators check those).
     */
    default Role checker() {
        return Role.SUPERVISOR;
    }

    /**
     * Checks the parameters before the request is made, refusing with a {@link corebank.platform.CorebankException}
     * that names the field at fault, and answers what the request is about.
     */
    Subject validate(Map<String, String> parameters);

    /**
     * Runs the approved operation. Called inside the transaction that marks the request EXECUTED
     * or FAILED ({@code sql}); it may be called again for the same request after a crash or on
     * another engine instance, so it must be idempotent on {@code request.id()}: either its writes
     * go through {@code sql} (they commit together with the request's state, or not at all), or
     * it keys its effect by the request id (a ledger Idempotency-Key). A refusal is a
     * {@link corebank.platform.CorebankException}: the request becomes FAILED with its code.
     *
     * @param context the maker's operation on the checker's request (actor: the maker)
     */
    Execution execute(DSLContext sql, ApprovalRequest request, AuditContext context);

    /** The actor a request concerns ("user:ann" for a change to ann's account), who may not check it either; null for none. */
    default String subjectActor(ApprovalRequest request) {
        return null;
    }

    /**
     * What a request is about.
     *
     * @param subject      what the request acts on, for lists and filters (an account number, an entry id, a username)
     * @param exclusiveKey at most one open request per key (null: no such limit, e.g. transfers)
     */
    record Subject(String subject, String exclusiveKey) {
    }

    /**
     * What an execution did.
     *
     * @param resultRef     what it made or changed (an entry id, an account number, a username)
     * @param oneTimeSecret a secret for the approving checker's eyes only (an enrollment token), shown
     *                      once in the approve response and never stored; null for most operations
     */
    record Execution(String resultRef, String oneTimeSecret) {
        public static Execution of(String resultRef) {
            return new Execution(resultRef, null);
        }
    }
}
