package corebank.teller;

import corebank.identity.user.Role;
import corebank.customers.Customers;
import corebank.ledger.Account;
import corebank.ledger.Statements;
import corebank.web.Downloads;
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

/** Any account's monthly statement for tellers, from the same statement service as the customers'. */
@Controller("/internal/v1/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Role.TELLER_NAME, Role.SUPERVISOR_NAME})
@corebank.web.ProblemResponses
@Tag(name = "teller: accounts")
class StatementsController {

    private final Statements statements;
    private final Customers customers;

    StatementsController(Statements statements, Customers customers) {
        this.statements = statements;
        this.customers = customers;
    }

    @Get("/{accountNumber}/statements/{statement}")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The statement", content = {@io.swagger.v3.oas.annotations.media.Content(mediaType = "application/pdf", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary")), @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/csv", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary"))})
    @Operation(summary = "A month's statement of any account as a PDF or CSV download (months in UTC)")
    HttpResponse<byte[]> statement(@PathVariable String accountNumber,
                                   @Parameter(description = "the month and format, e.g. 2026-11.pdf or 2026-11.csv")
                                   @PathVariable String statement, HttpRequest<?> request) {
        Account account = statements.account(accountNumber, "accountNumber");
        Statements.Request wanted = statements.parse(statement, "statement");
        String owner = account.ownerRef();
        // a customer's account: their record's legal name and address; a bank-internal one: its name and kind
        Statements.Party holder = customers.statementHolder(owner)
                .orElse(new Statements.Party(owner == null ? account.name() : owner, owner == null ? account.kind().name() : owner));
        Statements.Document document = statements.download(account, holder, wanted, Callers.context(request));
        return Downloads.attachment(document.bytes(), document.contentType(), document.fileName());
    }
}
