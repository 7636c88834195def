package corebank.ledger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.UUID;

/**
 * The result of one ledger command: applied (with the id of what it made or changed) or
 * refused (with a stable code). This is what an Idempotency-Key stores and replays, so the
 * code is kept as its wire string: stored outcomes read the same whatever the enum becomes.
 *
 * @param resultType ENTRY or HOLD
 * @param entry      the entry just written, as its batch wrote it, so the caller need not read
 *                   it back; never stored, so a replay has none
 */
@Serdeable
public record Outcome(boolean applied, String resultType, UUID resultId, String errorCode, String errorDetail,
                      String errorField, boolean replayed, @Nullable java.util.List<Outcome> linked,
                      @JsonIgnore @Nullable Views.EntryView entry) {

    public static final String ENTRY = "ENTRY";
    public static final String HOLD = "HOLD";

    static Outcome applied(String type, UUID id) {
        return new Outcome(true, type, id, null, null, null, false, null, null);
    }

    /** The outcome of a linked group: applied only if every member was. */
    static Outcome group(java.util.List<Outcome> members) {
        boolean all = members.stream().allMatch(Outcome::applied);
        Outcome failed = members.stream().filter(m -> !m.applied()).findFirst().orElse(null);
        return new Outcome(all, "LINKED", null, all ? null : failed.errorCode(), all ? null : failed.errorDetail(),
                all ? null : failed.errorField(), false, members, null);
    }

    static Outcome refused(ErrorCode code, String detail, String field) {
        return new Outcome(false, null, null, code.wire(), detail, field, false, null, null);
    }

    /** The refusal's code; null when applied. */
    public ErrorCode refusalCode() {
        return errorCode == null ? null : ErrorCode.fromWire(errorCode);
    }

    Outcome asReplay() {
        return new Outcome(applied, resultType, resultId, errorCode, errorDetail, errorField, true,
                linked == null ? null : linked.stream().map(Outcome::asReplay).toList(), null);
    }

    /** The refusal with the ledger's side names (debitAccount, creditAccount) replaced by a request's. */
    Outcome namingSides(SideFields fields) {
        String field = SideFields.LEDGER.debit().equals(errorField) ? fields.debit()
                : SideFields.LEDGER.credit().equals(errorField) ? fields.credit() : errorField;
        return new Outcome(applied, resultType, resultId, errorCode, errorDetail, field, replayed, linked, entry);
    }

    Outcome withEntry(Views.EntryView written) {
        return new Outcome(applied, resultType, resultId, errorCode, errorDetail, errorField, replayed, linked, written);
    }

    /** Refusals of malformed input are not stored under the key: the request never ran. */
    boolean isStorable() {
        return applied || refusalCode().kind() != CorebankException.Kind.INVALID;
    }

    public LedgerException toException() {
        LedgerException e = LedgerException.fromCode(errorCode, errorDetail, errorField);
        if (replayed) {
            e.markReplayed();
        }
        return e;
    }
}
