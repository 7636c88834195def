package corebank.identity.user;

import corebank.audit.AuditContext;
import corebank.platform.OwnerOnlyFiles;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Creates the first administrator when {@code COREBANK_BOOTSTRAP_ADMIN} names one and no
 * administrator exists yet. There is no default password: the administrator gets a one-time
 * enrollment token, written to an owner-only file (never to the log), with which they set a
 * password and enroll a second factor.
 */
@Singleton
@Requires(property = "corebank.identity.bootstrap-admin", pattern = ".+")
public class AdminBootstrap implements ApplicationEventListener<ServerStartupEvent>, io.micronaut.core.order.Ordered {

    /** Before the demo bank seeds its own administrator. */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    private final UserAdmin users;
    private final String username;
    private final Path directory;

    AdminBootstrap(UserAdmin users, @Value("${corebank.identity.bootstrap-admin}") String username,
                   @Value("${corebank.data-directory:}") String dataDirectory) {
        this.users = users;
        this.username = username;
        this.directory = corebank.platform.DataDirectory.resolve(dataDirectory);
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        UserAdmin.Created created = users.bootstrapAdmin(username, AuditContext.system("bootstrap"));
        if (created == null) {
            LOG.info("an administrator exists; COREBANK_BOOTSTRAP_ADMIN={} ignored", username);
            return;
        }
        Path file = directory.resolve("bootstrap-admin-enrollment.txt");
        try {
            write(file, created.enrollmentToken(), created.enrollmentExpiresAt(), event.getSource().getURL().toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the bootstrap enrollment token to " + file, e);
        }
        String banner = "First administrator '" + created.user().username() + "' created. Its one-time enrollment token "
                + "is in " + file + " (valid until " + created.enrollmentExpiresAt() + "); see docs/operations.md, 'First administrator'.";
        LOG.info(banner);
        // for a person at the terminal: standard output carries only the JSON log lines
        System.err.println(banner);
    }

    private static void write(Path file, String token, Instant expires, String url) throws IOException {
        String text = "enrollmentToken=" + token + "\nexpiresAt=" + expires + "\n"
                + "# enroll: curl -s -X POST " + url + "/api/v1/auth/enrollment -H 'Content-Type: application/json' "
                + "-d '{\"enrollmentToken\":\"" + token + "\",\"password\":\"<a long passphrase>\"}'\n";
        OwnerOnlyFiles.write(file, text); // owner-only from the first byte
    }
}
