package corebank.ledger;

import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanRegistration;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The ledger's part of a graceful shutdown: the group committer, if this instance started one,
 * commits and answers what it has accepted before the engine stops. Looked up rather than
 * injected, so that shutting down never creates a committer (and its writer threads).
 */
@Singleton
class LedgerDrain implements GracefulShutdownCapable {

    private final BeanContext context;

    LedgerDrain(BeanContext context) {
        this.context = context;
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        return CompletableFuture.allOf(context.getActiveBeanRegistrations(GroupCommitter.class).stream()
                .map(BeanRegistration::getBean).map(c -> c.drain().toCompletableFuture()).toArray(CompletableFuture[]::new));
    }
}
