package corebank.cash;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.cash.CashModel.Till;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;

/** A till day's report as CSV or PDF, for the till's teller or any supervisor; each download audited. */
@Singleton
public class TillReports {

    private final Tills tills;
    private final CashStore store;
    private final TransactionRunner runner;
    private final AuditLog auditLog;
    private final Clock clock;

    TillReports(Tills tills, CashStore store, TransactionRunner runner, AuditLog auditLog, Clock clock) {
        this.tills = tills;
        this.store = store;
        this.runner = runner;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** {@code format}: csv or pdf. */
    public TillReport.Document download(Staff staff, long tillId, long dayId, String format, AuditContext context) {
        if (!"csv".equals(format) && !"pdf".equals(format)) {
            throw new CashException(ErrorCode.VALIDATION_FAILED, "the report is report.csv or report.pdf", "format");
        }
        Till till = tills.visible(staff, tillId, context);
        TillReport report = runner.read(sql -> store.day(sql, till.id(), dayId)
                .map(day -> new TillReport(till, day, store.movements(sql, dayId), clock.instant())))
                .orElseThrow(() -> new CashException(ErrorCode.NOT_FOUND, "till " + tillId + " has no day " + dayId, "dayId"));
        TillReport.Document document = "csv".equals(format)
                ? new TillReport.Document(TillReportCsv.render(report), "text/csv; charset=utf-8", report.fileName("csv"))
                : new TillReport.Document(TillReportPdf.render(report), "application/pdf", report.fileName("pdf"));
        auditLog.appendAlone(AuditEvent.success(clock.instant(), context, AuditAction.CASH_REPORT_DOWNLOAD, "TILL",
                Long.toString(till.id()), Map.of("tillDayId", dayId, "format", format)));
        return document;
    }
}
