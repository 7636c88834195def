package corebank.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An audit event as stored, with its place in the tamper-evident log once sealed. The leaf of
 * the Merkle tree is the canonical JSON of the stored fields ({@link #canonicalJson()}), so the
 * offline verifier recomputes it from an export without the database.
 *
 * @param position   log position, or null while not yet sealed
 * @param leafHash   the leaf hash recorded when sealed, or null
 * @param detailsJson the details as PostgreSQL's jsonb renders them (deterministic)
 */
public record AuditRecord(long id, Long position, Instant occurredAt, String actor, String actorRole, String action,
                          String outcome, String reason, String targetType, String targetId, String requestId,
                          String channel, String clientAddress, String userAgent, String detailsJson,
                          byte[] leafHash) {

    /** Field order and names are part of the log format: never change them for sealed events. */
    public String canonicalJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("occurredAt", occurredAt.toString());
        fields.put("actor", actor);
        fields.put("actorRole", actorRole);
        fields.put("action", action);
        fields.put("outcome", outcome);
        fields.put("reason", reason);
        fields.put("targetType", targetType);
        fields.put("targetId", targetId);
        fields.put("requestId", requestId);
        fields.put("channel", channel);
        fields.put("clientAddress", clientAddress);
        fields.put("userAgent", userAgent);
        fields.put("details", detailsJson);
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(k).append("\":");
            if (v == null) {
                json.append("null");
            } else if (v instanceof Long n) {
                json.append(n);
            } else {
                appendString(json, v.toString());
            }
        });
        return json.append('}').toString();
    }

    public byte[] computeLeafHash() {
        return MerkleTree.leafHash(canonicalJson().getBytes(StandardCharsets.UTF_8));
    }

    static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
