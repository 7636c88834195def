package corebank.auditor;

import corebank.ledger.Ledger;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.core.annotation.Nullable;
import corebank.audit.AuditQueries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The pages of a journal export, newest entry first, read from one snapshot with the JSON API's
 * keyset cursor: CSV (a header, one record per posting, a {@code # summary} comment last) or
 * NDJSON (each line an entry exactly as the JSON API's {@code entries} holds it, then a
 * {@code {"type":"summary",...}} line). Only the summary tells a complete export from a cut one.
 */
final class JournalExport {

    static final int PAGE = 500;

    @Serdeable
    record Summary(String type, long entries, long postings, Instant exportedAt, @Nullable AuditQueries.Checkpoint checkpoint) {
    }

    private final Ledger ledger;
    private final int pageSize;
    private final ExportSnapshot snapshot;
    private final Ledger.JournalFilter filter;
    private final ExportFormat format;
    private final JsonMapper json;
    private String cursor;
    private boolean started;
    private boolean done;
    private long entries;
    private long postings;

    JournalExport(Ledger ledger, ExportSnapshot snapshot, Ledger.JournalFilter filter, ExportFormat format, JsonMapper json,
                  int pageSize) {
        this.ledger = ledger;
        this.pageSize = pageSize;
        this.snapshot = snapshot;
        this.filter = filter;
        this.format = format;
        this.json = json;
    }

    /** The next page of text, or null after the summary. */
    String nextPage() {
        if (done) {
            return null;
        }
        Ledger.JournalPage page = snapshot.read(sql -> ledger.journalPage(sql, Ledger.after(filter, cursor), pageSize));
        StringBuilder out = new StringBuilder();
        if (!started && format == ExportFormat.CSV) {
            JournalCsv.appendHeader(out, JournalCsv.COLUMNS);
        }
        started = true;
        for (var e : page.entries()) {
            AuditorController.JournalEntry entry = AuditorController.JournalEntry.of(e);
            entries++;
            postings += entry.postings().size();
            if (format == ExportFormat.CSV) {
                JournalCsv.appendRows(out, entry);
            } else {
                out.append(write(entry)).append('\n');
            }
        }
        cursor = page.nextCursor();
        if (cursor == null) {
            done = true;
            if (format == ExportFormat.CSV) {
                JournalCsv.appendTrailer(out, "entries=" + entries + " postings=" + postings + " exported_at="
                        + snapshot.openedAt() + " " + snapshot.checkpointWords());
            } else {
                out.append(write(new Summary("summary", entries, postings, snapshot.openedAt(),
                        snapshot.checkpoint().orElse(null)))).append('\n');
            }
        }
        return out.toString();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
