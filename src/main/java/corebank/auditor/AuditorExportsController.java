package corebank.auditor;

import corebank.audit.AuditAction;
import corebank.audit.AuditQueries;
import corebank.identity.user.Role;
import corebank.ledger.Ledger;
import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import corebank.platform.HeldSnapshots;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;

/**
 * The auditors' ledger exports, streamed page by page from one database snapshot and audited
 * like every auditor read (who, which route, which filters): the journal as CSV or NDJSON with
 * the JSON API's filters, and every account's balance as of a time (CSV), summed from postings.
 * Filters are checked before the first byte; the summary at the end gives the row counts and
 * the audit checkpoint the export is consistent with (docs/api.md, Auditors).
 */
@Controller("/audit/v1")
@Secured(Role.AUDITOR_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "auditor")
class AuditorExportsController {

    private final Ledger ledger;
    private final AuditQueries audit;
    private final HeldSnapshots snapshots;
    private final AuditorReads reads;
    private final JsonMapper json;
    private final Clock clock;

    AuditorExportsController(Ledger ledger, AuditQueries audit, HeldSnapshots snapshots, AuditorReads reads, JsonMapper json,
                             Clock clock) {
        this.ledger = ledger;
        this.audit = audit;
        this.snapshots = snapshots;
        this.reads = reads;
        this.json = json;
        this.clock = clock;
    }

    @Get("/journal/export{?format,account,from,to,kind,currency,minAmount,maxAmount}")
    @ApiResponse(responseCode = "200", description = "CSV (format=csv: one record per posting, a '# summary' comment last) or NDJSON "
            + "(default: one entry a line, a {\"type\":\"summary\"} line last)", content = {
            @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string", format = "binary"))})
    @Operation(summary = "Stream the journal as CSV or NDJSON (format=csv|ndjson) with the journal's filters, newest first, from one snapshot, with row counts and the audit checkpoint")
    StreamedFile journalExport(@Nullable @QueryValue String format, @Nullable @QueryValue String account,
                               @Nullable @QueryValue Instant from, @Nullable @QueryValue Instant to,
                               @Nullable @QueryValue String kind, @Nullable @QueryValue String currency,
                               @Nullable @QueryValue String minAmount, @Nullable @QueryValue String maxAmount,
                               HttpRequest<?> request) {
        ExportFormat exportFormat = ExportFormat.parse(format);
        Ledger.JournalFilter filter = ledger.journalFilter(account, from, to, kind, currency, minAmount, maxAmount, null);
        reads.record(request, AuditAction.AUDIT_READ_JOURNAL_EXPORT);
        ExportSnapshot snapshot = new ExportSnapshot(snapshots, audit, clock);
        JournalExport export = new JournalExport(ledger, snapshot, filter, exportFormat, json, JournalExport.PAGE);
        return new StreamedFile(new PagedInputStream(export::nextPage, snapshot::close), exportFormat.mediaType());
    }

    @Get("/balances{?asOf}")
    @ApiResponse(responseCode = "200", description = "CSV, one record per account, a '# summary' comment last",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
    @Operation(summary = "Every account's balance as of a time (default: now; postings at or before it), summed from postings, as CSV")
    StreamedFile balances(@Nullable @QueryValue Instant asOf, HttpRequest<?> request) {
        Instant now = clock.instant();
        if (asOf != null && asOf.isAfter(now)) {
            throw new CorebankException(ErrorCode.VALIDATION_FAILED, "asOf must not be in the future", "asOf");
        }
        reads.record(request, AuditAction.AUDIT_READ_BALANCES);
        ExportSnapshot snapshot = new ExportSnapshot(snapshots, audit, clock);
        BalancesExport export = new BalancesExport(ledger, snapshot, asOf == null ? now : asOf, BalancesExport.PAGE);
        return new StreamedFile(new PagedInputStream(export::nextPage, snapshot::close), ExportFormat.CSV.mediaType());
    }
}
