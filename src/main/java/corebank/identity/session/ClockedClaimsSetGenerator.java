package corebank.identity.session;

import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.ApplicationConfiguration;
import io.micronaut.security.token.claims.ClaimsAudienceProvider;
import io.micronaut.security.token.claims.JtiGenerator;
import io.micronaut.security.token.config.TokenConfiguration;
import io.micronaut.security.token.jwt.generator.claims.JWTClaimsSetGenerator;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Date;

/** Issues token times from the engine's clock, so that expiry follows the same time as sessions. */
@Singleton
@Replaces(JWTClaimsSetGenerator.class)
public class ClockedClaimsSetGenerator extends JWTClaimsSetGenerator {

    private final Clock clock;

    ClockedClaimsSetGenerator(TokenConfiguration tokenConfiguration, @Nullable JtiGenerator jwtIdGenerator,
                              @Nullable ClaimsAudienceProvider claimsAudienceProvider,
                              @Nullable ApplicationConfiguration applicationConfiguration,
                              Clock clock) {
        super(tokenConfiguration, jwtIdGenerator, claimsAudienceProvider, applicationConfiguration);
        this.clock = clock;
    }

    @Override
    protected void populateIat(JWTClaimsSet.Builder builder) {
        builder.issueTime(Date.from(clock.instant()));
    }

    @Override
    protected void populateNbf(JWTClaimsSet.Builder builder) {
        builder.notBeforeTime(Date.from(clock.instant()));
    }

    @Override
    protected void populateExp(JWTClaimsSet.Builder builder, Integer expiration) {
        if (expiration != null) {
            builder.expirationTime(Date.from(clock.instant().plusSeconds(expiration)));
        }
    }
}
