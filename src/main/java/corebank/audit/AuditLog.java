package corebank.audit;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import corebank.platform.StatementPipeline;
import org.jooq.DSLContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.List;

/**
 * Appends audit events inside the caller's transaction, so an action and its audit record
 * commit or roll back together. Many events go in one statement (group commit).
 */
@Singleton
public class AuditLog {

    private static final int USER_AGENT_MAX = 256;
    private final JsonMapper json;
    private final corebank.platform.TransactionRunner runner;

    public AuditLog(JsonMapper json, corebank.platform.TransactionRunner runner) {
        this.json = json;
        this.runner = runner;
    }

    /**
     * Records an event in a transaction of its own: for refusals (whose action wrote nothing)
     * and for reads, which have no transaction to join.
     */
    public void appendAlone(AuditEvent event) {
        runner.serializable("audit-" + event.action().wire(), sql -> {
            append(sql, event);
            return null;
        });
    }

    public void append(DSLContext sql, AuditEvent event) {
        appendAll(sql, List.of(event));
    }

    public void appendAll(DSLContext sql, List<AuditEvent> events) {
        StatementPipeline insert = new StatementPipeline();
        appendAll(insert, events);
        insert.execute(sql);
    }

    /** Adds the events' insert to a pipeline of writes of the same transaction. */
    public void appendAll(StatementPipeline writes, List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        int n = events.size();
        Timestamp[] at = new Timestamp[n];
        String[] actor = new String[n], role = new String[n], action = new String[n], outcome = new String[n],
                reason = new String[n], targetType = new String[n], targetId = new String[n], requestId = new String[n],
                channel = new String[n], address = new String[n], agent = new String[n], details = new String[n];
        for (int i = 0; i < n; i++) {
            AuditEvent e = events.get(i);
            AuditContext c = e.context();
            at[i] = Timestamp.from(e.occurredAt());
            actor[i] = c.actor();
            role[i] = c.actorRole();
            action[i] = e.action().wire();
            outcome[i] = e.outcome();
            reason[i] = e.reason() == null ? null : e.reason().wire();
            targetType[i] = e.targetType();
            targetId[i] = e.targetId();
            requestId[i] = c.requestId();
            channel[i] = c.channel();
            address[i] = c.clientAddress();
            agent[i] = truncate(c.userAgent());
            details[i] = e.details() == null ? null : toJson(e.details());
        }
        writes.add("""
                INSERT INTO audit_events (occurred_at, actor, actor_role, action, outcome, reason, target_type,
                                          target_id, request_id, channel, client_address, user_agent, details)
                SELECT t.at, t.actor, t.role, t.action, t.outcome, t.reason, t.target_type, t.target_id,
                       t.request_id, t.channel, t.address, t.agent, t.details::jsonb
                  FROM unnest(?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                              ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                       AS t(at, actor, role, action, outcome, reason, target_type, target_id, request_id, channel,
                            address, agent, details)
                """, at, actor, role, action, outcome, reason, targetType, targetId, requestId, channel, address,
                agent, details);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= USER_AGENT_MAX ? s : s.substring(0, USER_AGENT_MAX);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
