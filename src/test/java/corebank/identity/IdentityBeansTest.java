package corebank.identity;

import corebank.identity.mfa.QrCodes;
import corebank.identity.mfa.RecoveryCodes;
import corebank.identity.mfa.Totp;
import corebank.identity.mfa.TotpSecret;
import corebank.identity.password.PasswordHasher;
import corebank.identity.password.PasswordPolicy;
import corebank.identity.password.PolicyViolation;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityBeansTest {

    private static ApplicationContext context(Map<String, Object> identityProperties) {
        Map<String, Object> properties = new HashMap<>(identityProperties);
        // These beans need no database: keep the eager datasource, and Liquibase behind it, from starting.
        properties.put("datasources.default.enabled", false);
        properties.put("liquibase.enabled", false);
        return ApplicationContext.run(properties);
    }

    @Test
    void wiresEveryBeanFromConfigurationWithDefaults() {
        try (ApplicationContext context = context(Map.of("corebank.identity.totp-digits", 8))) {
            PasswordHasher hasher = context.getBean(PasswordHasher.class);
            assertThat(hasher.hash("x".toCharArray())).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            assertThat(context.getBean(Totp.class).digits()).isEqualTo(8);
            assertThat(context.getBean(TotpSecret.class).otpauthUri("a", new byte[20])).endsWith("&algorithm=SHA1&digits=8&period=30");
            assertThat(context.getBean(PasswordPolicy.class).check("password1234".toCharArray(), "alice", null))
                    .extracting(PolicyViolation::code).containsExactly(PasswordPolicy.COMMON);
            assertThat(context.getBean(RecoveryCodes.class).generate()).hasSize(10);
            assertThat(context.getBean(QrCodes.class).png("x")).isNotEmpty();
        }
    }

    @Test
    void refusesConfigurationThatWeakensPasswordHashing() {
        try (ApplicationContext context = context(Map.of("corebank.identity.argon2-iterations", 1))) {
            assertThatThrownBy(() -> context.getBean(PasswordHasher.class)).isInstanceOf(BeanInstantiationException.class)
                    .hasStackTraceContaining("below OWASP's minimum");
        }
    }
}
