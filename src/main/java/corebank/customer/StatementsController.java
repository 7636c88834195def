package corebank.customer;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.identity.user.Role;
import corebank.identity.user.UserAdmin;
import corebank.ledger.Account;
import corebank.ledger.AccountNumber;
import corebank.ledger.Ledger;
import corebank.ledger.LedgerException;
import corebank.ledger.Statements;
import corebank.platform.ErrorCode;
import corebank.web.Downloads;
import corebank.web.Origins;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;

/**
 * Monthly statements of the customer's own accounts, as PDF or CSV, from the ledger's statement
 * service. Another customer's account answers 404 exactly like a missing one (and is audited).
 */
@Controller("/api/v1")
@Secured(Role.CUSTOMER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "customer: banking")
class StatementsController {

    private final Ledger ledger;
    private final Statements statements;
    private final UserAdmin users;
    private final AuditLog auditLog;
    private final Clock clock;

    StatementsController(Ledger ledger, Statements statements, UserAdmin users, AuditLog auditLog, Clock clock) {
        this.ledger = ledger;
        this.statements = statements;
        this.users = users;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @Get("/accounts/{accountNumber}/statements/{statement}")
    @Operation(summary = "A month's statement of an own account as a PDF or CSV download: opening balance, every posting "
            + "with its counterparty and the balance after it, closing balance (months in UTC)")
    HttpResponse<byte[]> statement(@PathVariable String accountNumber,
                                   @Parameter(description = "the month and format, e.g. 2026-11.pdf or 2026-11.csv")
                                   @PathVariable String statement, HttpRequest<?> request) {
        AuditContext context = Origins.of(request, BankingController.CHANNEL);
        String owner = Origins.customerRef(Origins.authentication(request));
        Account account = own(accountNumber, owner, context);
        Statements.Request wanted = statements.parse(statement, "statement");
        Statements.Party holder = new Statements.Party(users.customerName(owner).orElse(owner), owner);
        Statements.Document document = statements.download(account, holder, wanted, context);
        return Downloads.attachment(document.bytes(), document.contentType(), document.fileName());
    }

    private Account own(String accountNumber, String owner, AuditContext context) {
        AccountNumber number = AccountNumber.parse(accountNumber, "accountNumber");
        try {
            Account account = ledger.account(number);
            if (owner != null && owner.equals(account.ownerRef())) {
                return account;
            }
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        auditLog.appendAlone(AuditEvent.failure(clock.instant(), context, AuditAction.CUSTOMER_OBJECT_ACCESS,
                ErrorCode.NOT_FOUND, "ACCOUNT", accountNumber, null));
        throw new LedgerException(ErrorCode.NOT_FOUND, "no account " + accountNumber, "accountNumber");
    }
}
