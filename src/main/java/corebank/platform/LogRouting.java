package corebank.platform;

import liquibase.Scope;
import liquibase.ui.LoggerUIService;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.Map;

/**
 * Routes what libraries print through SLF4J, so that every line on standard output is one of
 * logback's JSON objects: java.util.logging (Liquibase logs through it) goes to SLF4J instead of
 * its own plain-text console handler, and Liquibase's progress messages ("Running Changeset",
 * the update summary), which it prints straight to System.out by default, go to its log.
 * Logback's LevelChangePropagator (logback.xml) keeps java.util.logging's levels in step, so a
 * suppressed level costs nothing there. The embedded PostgreSQL's output (initdb, pg_ctl, the
 * server) already goes to SLF4J (zonky pipes it into loggers).
 */
public final class LogRouting {

    private LogRouting() {
    }

    /** Call first in main, before anything logs. */
    public static void install() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        try {
            // a scope for the rest of the process: migrations run on the starting thread, inside it
            Scope.enter(Map.of(Scope.Attr.ui.name(), new LoggerUIService(),
                    // the update summary is written to the console unless told LOG
                    "liquibase.command.showSummaryOutput", "LOG"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot route Liquibase's messages to its log", e);
        }
    }
}
