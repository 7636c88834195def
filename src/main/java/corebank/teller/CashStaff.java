package corebank.teller;

import corebank.cash.Staff;
import corebank.identity.user.Role;
import corebank.web.Origins;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;

/** The member of staff calling a cash desk route, from their authentication. */
final class CashStaff {

    private CashStaff() {
    }

    static Staff of(HttpRequest<?> request) {
        Authentication auth = Origins.authentication(request);
        return new Staff(Origins.userId(auth), auth.getName(), auth.getRoles().contains(Role.SUPERVISOR_NAME));
    }
}
