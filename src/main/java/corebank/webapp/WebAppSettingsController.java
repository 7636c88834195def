package corebank.webapp;

import corebank.identity.LoginSettings;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * What the web app's pages need to know about sessions before and after sign-in: the customer
 * idle timeout (the page warns {@link #IDLE_WARNING_SECONDS} before it) and the absolute limit.
 * Plumbing of the static web app (served from classpath:webapp), not part of the JSON API.
 */
@Controller("/app")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class WebAppSettingsController {

    /** How long before the idle timeout the page offers "stay signed in". */
    static final int IDLE_WARNING_SECONDS = 60;

    @Serdeable
    record Settings(int customerIdleSeconds, int idleWarningSeconds, int absoluteSessionSeconds) {
    }

    private final LoginSettings login;

    WebAppSettingsController(LoginSettings login) {
        this.login = login;
    }

    @Get("/settings.json")
    Settings settings() {
        int idle = login.customerIdleSeconds();
        // a short configured timeout (tests, demos) still leaves the customer the second half to react
        return new Settings(idle, Math.min(IDLE_WARNING_SECONDS, idle / 2), login.absoluteSessionSeconds());
    }
}
