package corebank.auditor;

import corebank.audit.AuditRecord;

/** RFC 4180 CSV of audit events: quoted fields, doubled quotes, CRLF-free values. */
final class EventCsv {

    static final String HEADER = "id,position,occurred_at,actor,actor_role,action,outcome,reason,target_type,target_id,"
            + "request_id,channel,client_address,user_agent,details";

    private EventCsv() {
    }

    static String row(AuditRecord r) {
        return String.join(",", Long.toString(r.id()), r.position() == null ? "" : r.position().toString(),
                r.occurredAt().toString(), q(r.actor()), q(r.actorRole()), q(r.action()), q(r.outcome()), q(r.reason()),
                q(r.targetType()), q(r.targetId()), q(r.requestId()), q(r.channel()), q(r.clientAddress()),
                q(r.userAgent()), q(r.detailsJson()));
    }

    /** Quotes a field; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula. */
    private static String q(String value) {
        if (value == null) {
            return "";
        }
        String v = value.replace("\r", " ").replace("\n", " ");
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
