package corebank.demo;

import corebank.audit.AuditContext;
import corebank.identity.user.Enrollment;
import corebank.identity.user.Role;
import corebank.identity.mfa.Totp;
import corebank.identity.mfa.TotpSecret;
import corebank.identity.user.UserAdmin;
import corebank.platform.OwnerOnlyFiles;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The demo bank's people: customers alice, bob and carol, teller tom, supervisor sue, auditor
 * audrey and administrators ada and abe. They enroll through the real flows with random passwords; the
 * credentials (password, TOTP secret, recovery codes) go to an owner-only file in the data
 * directory, never to the log. A demo convenience only: real users enroll themselves.
 */
@Singleton
class DemoUsers {

    record Person(String username, String displayName, Role role) {
    }

    static final List<Person> PEOPLE = List.of(
            new Person("alice", "Alice Example", Role.CUSTOMER),
            new Person("bob", "Bob Example", Role.CUSTOMER),
            new Person("carol", "Carol Example", Role.CUSTOMER),
            new Person("tom", "Tom Teller", Role.TELLER),
            new Person("sue", "Sue Supervisor", Role.SUPERVISOR),
            new Person("audrey", "Audrey Auditor", Role.AUDITOR),
            new Person("ada", "Ada Admin", Role.ADMIN),
            // a second administrator: MFA resets and high-privilege grants need another one's approval
            new Person("abe", "Abe Admin", Role.ADMIN));

    private static final SecureRandom RANDOM = new SecureRandom();
    private final UserAdmin users;
    private final Enrollment enrollment;
    private final Totp totp;
    private final Clock clock;

    DemoUsers(UserAdmin users, Enrollment enrollment, Totp totp, Clock clock) {
        this.users = users;
        this.enrollment = enrollment;
        this.totp = totp;
        this.clock = clock;
    }

    /** Creates the people who do not exist yet and appends their credentials to {@code file}. */
    void seed(Path file) throws IOException {
        AuditContext seeder = AuditContext.system("demo-seed");
        List<String> lines = new ArrayList<>();
        for (Person p : PEOPLE) {
            if (users.list().stream().anyMatch(u -> u.username().equals(p.username()))) {
                continue;
            }
            // a customer's login names their record (DemoCustomers, seeded before)
            UserAdmin.Created created = users.create(p.username(), p.displayName(), EnumSet.of(p.role()),
                    p.role() == Role.CUSTOMER ? "customer:" + p.username() : null, seeder);
            String password = "demo-" + randomWords();
            Enrollment.TotpSetup setup = enrollment.begin(created.enrollmentToken(), password.toCharArray(), seeder);
            String code = totp.code(TotpSecret.fromBase32(setup.secretBase32()), clock.instant().getEpochSecond());
            List<String> recovery = enrollment.confirm(created.enrollmentToken(), code, seeder);
            lines.add(String.join(" ", p.username(), p.role().name(), password, setup.secretBase32(), String.join(",", recovery)));
        }
        if (lines.isEmpty()) {
            return;
        }
        String existing = Files.exists(file) ? Files.readString(file)
                : "# demo logins: username role password totp-secret(base32) recovery-codes\n";
        OwnerOnlyFiles.write(file, existing + String.join("\n", lines) + "\n"); // owner-only from the first byte
    }

    private static String randomWords() {
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                s.append('-');
            }
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
