package corebank.teller;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.customers.Customer;
import corebank.customers.CustomerInput;
import corebank.customers.Customers;
import corebank.identity.user.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** Customer records for tellers and supervisors: create, read, edit (audited with before and after), search. */
@Controller("/internal/v1/customers")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Role.TELLER_NAME, Role.SUPERVISOR_NAME})
@corebank.web.ProblemResponses
@Tag(name = "teller: customers")
class CustomersController {

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record CustomersPage(List<Customer> customers, String nextCursor) {
    }

    private final Customers customers;

    CustomersController(Customers customers) {
        this.customers = customers;
    }

    @Post
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Create a customer record (KYC PENDING); answers it with its customer number")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: customer_ref_taken",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.BodyRefusals
    HttpResponse<Customer> create(@Body CustomerInput body, HttpRequest<?> request) {
        return HttpResponse.created(customers.create(body, Callers.context(request)));
    }

    @Get("{?name,number,documentNumber,accountNumber,cursor,limit}")
    @Operation(summary = "Search customers by name (contains, case and accents aside), customer number, document number or account number; by customer number, a page at a time (pass nextCursor as cursor)")
    CustomersPage search(@Nullable @QueryValue String name, @Nullable @QueryValue String number,
                         @Nullable @QueryValue String documentNumber, @Nullable @QueryValue String accountNumber,
                         @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        Customers.Page page = customers.search(new Customers.Search(name, number, documentNumber, accountNumber), cursor, limit);
        return new CustomersPage(page.customers(), page.nextCursor());
    }

    @Get("/{customerNumber}")
    @Operation(summary = "A customer record")
    Customer get(@PathVariable String customerNumber) {
        return customers.get(customerNumber);
    }

    @Patch("/{customerNumber}")
    @Operation(summary = "Change a customer's fields (those present; KYC moves PENDING->VERIFIED|REJECTED, VERIFIED|REJECTED->PENDING); audited with the before and after of each changed field")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: invalid_state_transition",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: customer_incomplete",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.BodyRefusals
    Customer edit(@PathVariable String customerNumber, @Body CustomerInput body, HttpRequest<?> request) {
        return customers.edit(customerNumber, body, Callers.context(request));
    }
}
