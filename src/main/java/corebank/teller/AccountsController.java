package corebank.teller;

import corebank.ledger.AccountNumber;
import corebank.ledger.AccountStatus;
import corebank.ledger.Ledger;
import corebank.teller.TellerDtos.AccountResponse;
import corebank.teller.TellerDtos.OpenAccountRequest;
import corebank.teller.TellerDtos.PostingsPageResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import corebank.identity.user.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@Controller("/internal/v1/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Role.TELLER_NAME, Role.SUPERVISOR_NAME})
@Tag(name = "teller: accounts")
class AccountsController {

    private final Ledger ledger;

    AccountsController(Ledger ledger) {
        this.ledger = ledger;
    }

    @Post
    @Operation(summary = "Open an account (customer deposit or bank-internal)")
    HttpResponse<AccountResponse> open(@Valid @Body OpenAccountRequest body, HttpRequest<?> request) {
        var account = ledger.openAccount(new Ledger.NewAccount(body.kind(), body.currency(), body.name(), body.ownerRef(),
                body.debitsMustNotExceedCredits(), body.creditsMustNotExceedDebits(), body.overdraftLimit()),
                Callers.context(request));
        return HttpResponse.created(AccountResponse.of(account));
    }

    @Get("/{accountNumber}")
    @Operation(summary = "An account with its posted, pending and available balances")
    AccountResponse get(@PathVariable String accountNumber) {
        return AccountResponse.of(ledger.account(AccountNumber.parse(accountNumber, "accountNumber")));
    }

    @Get("/{accountNumber}/postings{?before,limit}")
    @Operation(summary = "An account's postings, newest first, with the running balance (keyset pagination: pass nextBefore as before)")
    PostingsPageResponse postings(@PathVariable String accountNumber, @Nullable @QueryValue Long before,
                                  @Nullable @QueryValue Integer limit) {
        return PostingsPageResponse.of(ledger.postings(AccountNumber.parse(accountNumber, "accountNumber"), before, limit));
    }

    @Post("/{accountNumber}/freeze")
    @Operation(summary = "Freeze an account: no money moves in or out until it is unfrozen")
    AccountResponse freeze(@PathVariable String accountNumber, HttpRequest<?> request) {
        return AccountResponse.of(ledger.changeStatus(AccountNumber.parse(accountNumber, "accountNumber"), AccountStatus.FROZEN, Callers.context(request)));
    }

    @Post("/{accountNumber}/unfreeze")
    @Operation(summary = "Unfreeze an account")
    AccountResponse unfreeze(@PathVariable String accountNumber, HttpRequest<?> request) {
        return AccountResponse.of(ledger.changeStatus(AccountNumber.parse(accountNumber, "accountNumber"), AccountStatus.ACTIVE, Callers.context(request)));
    }

    @Post("/{accountNumber}/close")
    @Operation(summary = "Close an empty account (final)")
    AccountResponse close(@PathVariable String accountNumber, HttpRequest<?> request) {
        return AccountResponse.of(ledger.changeStatus(AccountNumber.parse(accountNumber, "accountNumber"), AccountStatus.CLOSED, Callers.context(request)));
    }
}
