package corebank.platform;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says where the engine listens (the web app at its root) and where its data lives. */
@Singleton
public class StartupBanner implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);
    private final String dataDirectory;

    StartupBanner(@Nullable @Value("${corebank.data-directory:}") String dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        String url = event.getSource().getURL().toString();
        String banner = "Corebank is listening on " + url + " (web app: " + url + "/, health: " + url + "/health, OpenAPI: " + url
                + "/openapi/corebank-0.1.yml)" + (dataDirectory == null || dataDirectory.isBlank() ? ""
                : "; embedded PostgreSQL data in " + dataDirectory);
        LOG.info(banner);
        // for a person at the terminal: standard output carries only the JSON log lines
        System.err.println(banner);
    }
}
