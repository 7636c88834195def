package corebank.auditor;

import corebank.audit.AuditAction;
import corebank.audit.AuditQueries;
import corebank.audit.AuditRecord;
import corebank.audit.AuditSigner;
import corebank.audit.AuditVerification;
import corebank.audit.AuditWitness;
import corebank.audit.LogVerifier;
import corebank.audit.SealedLeaf;
import corebank.audit.LogExportFormat;
import corebank.audit.VerificationResult;
import corebank.identity.user.Role;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.ledger.Views;
import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/**
 * The auditors' API: read-only, and every read is itself audited. Events and the journal with
 * filters and keyset pages, streaming exports, the trial balance as of a time, signed
 * checkpoints, the public key, RFC 6962 proofs, and an on-demand verification of the log.
 */
@Controller("/audit/v1")
@Secured(Role.AUDITOR_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "auditor")
class AuditorController {

    static final String CHANNEL = "auditor-api";
    static final int EXPORT_PAGE = 2_000;

    @Serdeable
    record EventView(long id, @Nullable Long position, Instant occurredAt, String actor, @Nullable String actorRole,
                     String action, String outcome, @Nullable String reason, @Nullable String targetType,
                     @Nullable String targetId, @Nullable String requestId, @Nullable String channel,
                     @Nullable String clientAddress, @Nullable String userAgent, @Nullable String details) {
        static EventView of(AuditRecord r) {
            return new EventView(r.id(), r.position(), r.occurredAt(), r.actor(), r.actorRole(), r.action(), r.outcome(),
                    r.reason(), r.targetType(), r.targetId(), r.requestId(), r.channel(), r.clientAddress(), r.userAgent(),
                    r.detailsJson());
        }
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record EventPage(List<EventView> events, @Nullable String nextCursor) {
    }

    @Serdeable
    record PostingLine(String account, String side, String amount, String currency, long sequence, String balanceAfter) {
    }

    @Serdeable
    record JournalEntry(UUID id, String kind, @Nullable String description, @Nullable UUID reversesEntryId,
                        @Nullable UUID reversedByEntryId, String actor, @Nullable String requestId, Instant createdAt,
                        List<PostingLine> postings) {
        static JournalEntry of(Views.EntryView e) {
            return new JournalEntry(e.id(), e.kind().name(), e.description(), e.reversesEntryId(), e.reversedByEntryId(), e.actor(),
                    e.requestId(), e.createdAt(), e.postings().stream().map(p -> {
                        Currency c = Currency.getInstance(p.currency());
                        return new PostingLine(p.accountNumber(), p.side().name(), Money.format(p.amountMinor(), c),
                                p.currency(), p.accountSeq(), Money.format(p.balanceAfterMinor(), c));
                    }).toList());
        }
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record JournalPage(List<JournalEntry> entries, @Nullable String nextCursor) {
    }

    @Serdeable
    record TrialBalanceLine(String currency, String debits, String credits, long accounts, boolean balanced) {
    }

    @Serdeable
    record TrialBalance(Instant asOf, boolean balanced, List<TrialBalanceLine> currencies) {
    }

    @Serdeable
    record PublicKey(String algorithm, String keyId, String publicKey) {
    }

    @Serdeable
    record InclusionProof(long position, long treeSize, String leafHash, List<String> auditPath) {
    }

    @Serdeable
    record ConsistencyProof(long first, long second, List<String> proof) {
    }

    private final AuditQueries audit;
    private final AuditVerification verification;
    private final AuditSigner signer;
    private final AuditWitness witness;
    private final Ledger ledger;
    private final AuditorReads reads;
    private final Clock clock;

    AuditorController(AuditQueries audit, AuditVerification verification, AuditSigner signer, AuditWitness witness,
                      Ledger ledger, AuditorReads reads, Clock clock) {
        this.audit = audit;
        this.witness = witness;
        this.verification = verification;
        this.signer = signer;
        this.ledger = ledger;
        this.reads = reads;
        this.clock = clock;
    }

    @Get("/events{?from,to,actor,action,outcome,targetType,targetId,account,requestId,cursor,limit}")
    @Operation(summary = "Audit events, newest first, filtered (time range, actor, action, outcome, target, account, request id); a page at a time (limit 1 to 500, default 50): pass nextCursor as cursor")
    EventPage events(@Nullable @QueryValue Instant from, @Nullable @QueryValue Instant to, @Nullable @QueryValue String actor,
                     @Nullable @QueryValue String action, @Nullable @QueryValue String outcome,
                     @Nullable @QueryValue String targetType, @Nullable @QueryValue String targetId,
                     @Nullable @QueryValue String account, @Nullable @QueryValue String requestId,
                     @Nullable @QueryValue String cursor,
                     @Nullable @QueryValue @Min(value = 1, message = "1 to " + AuditQueries.PAGE_SIZE_MAX)
                     @Max(value = AuditQueries.PAGE_SIZE_MAX, message = "1 to " + AuditQueries.PAGE_SIZE_MAX) Integer limit,
                     HttpRequest<?> request) {
        Long before = corebank.platform.Pages.sequence(cursor);
        read(request, AuditAction.AUDIT_READ_EVENTS);
        AuditQueries.EventPage page = audit.events(new AuditQueries.EventFilter(from, to, actor, action, outcome, targetType,
                targetId, account, requestId, before, limit));
        return new EventPage(page.events().stream().map(EventView::of).toList(),
                corebank.platform.Pages.sequenceCursor(page.nextBefore()));
    }

    @Get("/events/export{?format,from,to,actor,action,outcome,targetType,targetId,account,requestId}")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "CSV (format=csv) or NDJSON (default)", content = {@io.swagger.v3.oas.annotations.media.Content(mediaType = "text/csv", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary")), @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/x-ndjson", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary"))})
    @Operation(summary = "Stream every matching event as CSV or NDJSON (format=csv|ndjson), newest first")
    StreamedFile export(@Nullable @QueryValue String format, @Nullable @QueryValue Instant from, @Nullable @QueryValue Instant to,
                        @Nullable @QueryValue String actor, @Nullable @QueryValue String action,
                        @Nullable @QueryValue String outcome, @Nullable @QueryValue String targetType,
                        @Nullable @QueryValue String targetId, @Nullable @QueryValue String account,
                        @Nullable @QueryValue String requestId, HttpRequest<?> request) {
        boolean csv = ExportFormat.parse(format) == ExportFormat.CSV;
        read(request, AuditAction.AUDIT_READ_EVENTS_EXPORT);
        AuditQueries.EventFilter filter = new AuditQueries.EventFilter(from, to, actor, action, outcome, targetType, targetId,
                account, requestId, null, null);
        Long[] before = {null};
        boolean[] header = {csv};
        PagedInputStream stream = new PagedInputStream(() -> {
            if (before[0] != null && before[0] < 0) {
                return null;
            }
            List<AuditRecord> page = audit.eventsPage(filter, before[0], EXPORT_PAGE);
            StringBuilder out = new StringBuilder();
            if (header[0]) {
                EventCsv.appendHeader(out);
                header[0] = false;
            }
            if (csv) {
                EventCsv.appendRows(out, page);
            } else {
                for (AuditRecord r : page) {
                    out.append(r.canonicalJson()).append('\n');
                }
            }
            before[0] = page.size() < EXPORT_PAGE ? Long.valueOf(-1) : page.get(page.size() - 1).id();
            return out.toString();
        });
        return new StreamedFile(stream, csv ? MediaType.of("text/csv") : MediaType.of("application/x-ndjson"));
    }

    @Get("/log/export{?treeSize}")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The sealed log, one JSON record a line", content = {@io.swagger.v3.oas.annotations.media.Content(mediaType = "application/x-ndjson", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary"))})
    @Operation(summary = "The sealed log (events, journal entries, accounts) cut at a signed checkpoint (default the latest), which is its first line, then the accounts' totals; for the offline verifier (NDJSON; see docs/operations.md, the audit log)")
    StreamedFile logExport(@Nullable @QueryValue @PositiveOrZero(message = "at least 0") Long treeSize, HttpRequest<?> request) {
        AuditQueries.Checkpoint checkpoint = treeSize == null
                ? audit.latestCheckpoint().orElseThrow(() -> new CorebankException(ErrorCode.NOT_FOUND, "no checkpoint has been signed yet", null))
                : audit.checkpoint(treeSize).orElseThrow(() -> new CorebankException(ErrorCode.NOT_FOUND,
                        "no signed checkpoint of tree size " + treeSize, "treeSize"));
        read(request, AuditAction.AUDIT_READ_LOG_EXPORT);
        long cut = checkpoint.treeSize();
        long[] next = {0};
        int[] stage = {0};
        PagedInputStream stream = new PagedInputStream(() -> {
            switch (stage[0]) {
                case 0 -> {
                    stage[0] = 1;
                    return AuditQueries.checkpointLine(checkpoint) + "\n";
                }
                case 1 -> {
                    List<SealedLeaf> page = audit.logPage(next[0], cut, EXPORT_PAGE);
                    StringBuilder out = new StringBuilder();
                    for (SealedLeaf leaf : page) {
                        out.append(LogExportFormat.leaf(leaf)).append('\n');
                    }
                    if (page.size() < EXPORT_PAGE) {
                        stage[0] = 2;
                    } else {
                        next[0] = page.get(page.size() - 1).position() + 1;
                    }
                    return out.toString();
                }
                case 2 -> {
                    stage[0] = 3;
                    StringBuilder out = new StringBuilder();
                    for (LogVerifier.Forged forged : audit.forgedInsideSealedRange()) {
                        out.append(LogExportFormat.forged(forged)).append('\n');
                    }
                    for (String balance : audit.balanceLines(cut)) {
                        out.append(balance).append('\n');
                    }
                    return out.toString();
                }
                default -> {
                    return null;
                }
            }
        });
        return new StreamedFile(stream, MediaType.of("application/x-ndjson"));
    }

    @Get("/checkpoints/witnessed")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "A C2SP checkpoint note (c2sp.org/tlog-checkpoint, signed-note)", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/plain", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")))
    @Operation(summary = "The latest checkpoint written to the witness file outside the database, as a C2SP signed checkpoint note")
    HttpResponse<String> witnessedCheckpoint(HttpRequest<?> request) {
        read(request, AuditAction.AUDIT_READ_CHECKPOINT_WITNESSED);
        AuditWitness.Latest latest = witness.latest(signer.publicKey());
        return HttpResponse.ok(latest.note().orElseThrow(() -> new CorebankException(ErrorCode.NOT_FOUND,
                        "no checkpoint has been witnessed yet", null)).text())
                .contentType(MediaType.TEXT_PLAIN_TYPE);
    }

    @Get("/journal{?account,from,to,kind,currency,minAmount,maxAmount,cursor,limit}")
    @Operation(summary = "Journal entries with their postings, newest first, filtered by account, time, kind and amount range")
    JournalPage journal(@Nullable @QueryValue String account, @Nullable @QueryValue Instant from,
                        @Nullable @QueryValue Instant to, @Nullable @QueryValue String kind,
                        @Nullable @QueryValue String currency, @Nullable @QueryValue String minAmount,
                        @Nullable @QueryValue String maxAmount, @Nullable @QueryValue String cursor,
                        @Nullable @QueryValue @Min(value = 1, message = "at least 1") Integer limit, HttpRequest<?> request) {
        read(request, AuditAction.AUDIT_READ_JOURNAL);
        Ledger.JournalPage page = ledger.journal(account, from, to, kind, currency, minAmount, maxAmount, cursor, limit);
        return new JournalPage(page.entries().stream().map(JournalEntry::of).toList(), page.nextCursor());
    }

    @Get("/trial-balance{?asOf}")
    @Operation(summary = "The trial balance from postings up to a time (default: now)")
    TrialBalance trialBalance(@Nullable @QueryValue Instant asOf, HttpRequest<?> request) {
        read(request, AuditAction.AUDIT_READ_TRIAL_BALANCE);
        Instant at = asOf == null ? clock.instant() : asOf;
        List<TrialBalanceLine> lines = ledger.trialBalanceAsOf(at).stream().map(l -> {
            Currency c = Currency.getInstance(l.currency());
            return new TrialBalanceLine(l.currency(), Money.format(l.debitsPostedMinor(), c), Money.format(l.creditsPostedMinor(), c),
                    l.accounts(), l.balanced());
        }).toList();
        return new TrialBalance(at, lines.stream().allMatch(TrialBalanceLine::balanced), lines);
    }

    @Get("/checkpoints/latest")
    @Operation(summary = "The latest signed checkpoint of the audit log: tree size, root hash, time, Ed25519 signature")
    AuditQueries.Checkpoint latestCheckpoint(HttpRequest<?> request) {
        read(request, AuditAction.AUDIT_READ_CHECKPOINT);
        return audit.latestCheckpoint().orElseThrow(() -> new CorebankException(ErrorCode.NOT_FOUND,
                "no checkpoint has been signed yet", null));
    }

    @Get("/public-key")
    @Operation(summary = "The Ed25519 public key that verifies checkpoints")
    PublicKey publicKey(HttpRequest<?> request) {
        read(request, AuditAction.AUDIT_READ_PUBLIC_KEY);
        return new PublicKey("Ed25519", signer.keyId(), Base64.getEncoder().encodeToString(signer.publicKey()));
    }

    @Get("/proofs/inclusion")
    @Operation(summary = "RFC 6962 inclusion proof of the event at a log position in a signed tree size")
    InclusionProof inclusion(@QueryValue @PositiveOrZero(message = "at least 0") long position, @QueryValue long treeSize, HttpRequest<?> request) {
        read(request, AuditAction.AUDIT_READ_PROOF_INCLUSION);
        List<String> path = audit.inclusionProof(position, treeSize);
        String leaf = audit.logPage(position, position + 1, 1).stream().findFirst()
                .map(r -> Base64.getEncoder().encodeToString(r.leafHash())).orElseThrow();
        return new InclusionProof(position, treeSize, leaf, path);
    }

    @Get("/proofs/consistency")
    @Operation(summary = "RFC 6962 consistency proof between two signed tree sizes")
    ConsistencyProof consistency(@QueryValue long first, @QueryValue long second, HttpRequest<?> request) {
        read(request, AuditAction.AUDIT_READ_PROOF_CONSISTENCY);
        return new ConsistencyProof(first, second, audit.consistencyProof(first, second));
    }

    @Get("/verification")
    @Operation(summary = "Verify the whole log against the latest signed checkpoint now; reports the first bad position")
    VerificationResult verify(HttpRequest<?> request) {
        read(request, AuditAction.AUDIT_READ_VERIFICATION);
        return verification.verify();
    }

    private void read(HttpRequest<?> request, AuditAction action) {
        reads.record(request, action);
    }
}
