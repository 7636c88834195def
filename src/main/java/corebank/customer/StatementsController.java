package corebank.customer;

import corebank.audit.AuditContext;
import corebank.identity.user.Role;
import corebank.ledger.Account;
import corebank.ledger.Statements;
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


/**
 * Monthly statements of the customer's own accounts, as PDF or CSV, from the ledger's statement
 * service. Another customer's account answers 404 exactly like a missing one (and is audited).
 */
@Controller("/api/v1")
@Secured(Role.CUSTOMER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "customer: banking")
class StatementsController {

    private final OwnAccounts ownAccounts;
    private final Statements statements;
    private final corebank.customers.Customers customers;

    StatementsController(OwnAccounts ownAccounts, Statements statements, corebank.customers.Customers customers) {
        this.ownAccounts = ownAccounts;
        this.statements = statements;
        this.customers = customers;
    }

    @Get("/accounts/{accountNumber}/statements/{statement}")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The statement", content = {@io.swagger.v3.oas.annotations.media.Content(mediaType = "application/pdf", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary")), @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/csv", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary"))})
    @Operation(summary = "A month's statement of an own account as a PDF or CSV download: opening balance, every posting "
            + "with its counterparty and the balance after it, closing balance (months in UTC)")
    HttpResponse<byte[]> statement(@PathVariable String accountNumber,
                                   @Parameter(description = "the month and format, e.g. 2026-11.pdf or 2026-11.csv")
                                   @PathVariable String statement, HttpRequest<?> request) {
        AuditContext context = Origins.of(request, BankingController.CHANNEL);
        String owner = OwnAccounts.owner(request);
        Account account = ownAccounts.own(accountNumber, request, "accountNumber");
        Statements.Request wanted = statements.parse(statement, "statement");
        // the customer's record (the database guarantees an owner reference names one)
        Statements.Party holder = customers.statementHolder(owner).orElse(new Statements.Party(owner, owner));
        Statements.Document document = statements.download(account, holder, wanted, context);
        return Downloads.attachment(document.bytes(), document.contentType(), document.fileName());
    }
}
