package corebank.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The canonical, versioned leaf encodings of the journal: a journal entry with its postings, and
 * an account's identity. Like an event's, each is one line of JSON with its fields in a fixed
 * order and no spaces, hashed as an RFC 6962 leaf; the first field {@code "leaf"} names the
 * encoding and its version, so an entry's leaf can never be read as an event's (an event's
 * canonical JSON starts with {@code "id"}). A field is never renamed, reordered or dropped in a
 * version: a new field means a new version, and sealed leaves keep the version they were sealed
 * with. The layouts are in docs/architecture.md (Audit trail).
 */
public final class JournalLeaf {

    public static final String ENTRY_V1 = "corebank/journal-entry/v1";
    public static final String ACCOUNT_V1 = "corebank/account/v1";

    /** A posting as stored, its account named by number (null if the account row is gone). */
    public record Posting(int index, String accountNumber, String side, long amountMinor, String currency, long accountSeq,
                          long balanceAfterMinor) {
    }

    public record Entry(UUID id, String kind, String description, UUID reversesEntryId, UUID holdId, String actor,
                        String requestId, Instant createdAt, List<Posting> postings) {

        public String canonicalJson() {
            StringBuilder json = new StringBuilder("{");
            field(json, "leaf", ENTRY_V1);
            field(json, "id", id.toString());
            field(json, "kind", kind);
            field(json, "description", description);
            field(json, "reversesEntryId", reversesEntryId == null ? null : reversesEntryId.toString());
            field(json, "holdId", holdId == null ? null : holdId.toString());
            field(json, "actor", actor);
            field(json, "requestId", requestId);
            field(json, "createdAt", createdAt.toString());
            json.append(",\"postings\":[");
            for (int i = 0; i < postings.size(); i++) {
                Posting p = postings.get(i);
                json.append(i == 0 ? "{" : ",{");
                json.append("\"index\":").append(p.index());
                field(json, "account", p.accountNumber());
                field(json, "side", p.side());
                json.append(",\"amountMinor\":").append(p.amountMinor());
                field(json, "currency", p.currency());
                json.append(",\"accountSeq\":").append(p.accountSeq());
                json.append(",\"balanceAfterMinor\":").append(p.balanceAfterMinor());
                json.append('}');
            }
            return json.append("]}").toString();
        }
    }

    public record Account(long id, String number, String kind, String currency, String ownerRef,
                          boolean debitsMustNotExceedCredits, boolean creditsMustNotExceedDebits, Instant createdAt) {

        public String canonicalJson() {
            StringBuilder json = new StringBuilder("{");
            field(json, "leaf", ACCOUNT_V1);
            json.append(",\"id\":").append(id);
            field(json, "number", number);
            field(json, "kind", kind);
            field(json, "currency", currency);
            field(json, "ownerRef", ownerRef);
            json.append(",\"debitsMustNotExceedCredits\":").append(debitsMustNotExceedCredits);
            json.append(",\"creditsMustNotExceedDebits\":").append(creditsMustNotExceedDebits);
            field(json, "createdAt", createdAt.toString());
            return json.append('}').toString();
        }
    }

    private JournalLeaf() {
    }

    public static byte[] leafHash(String canonicalJson) {
        return MerkleTree.leafHash(canonicalJson.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":");
        if (value == null) {
            json.append("null");
        } else {
            AuditRecord.appendString(json, value);
        }
    }
}
