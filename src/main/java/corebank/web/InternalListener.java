package corebank.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration.NettyListenerConfiguration;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * A second HTTP listener for the staff APIs when {@code corebank.http.internal-port} is set, so a
 * bank can expose only the customers' app and API to the internet. Both listeners bind the
 * configured host; which paths each one answers is {@link ListenerSeparationFilter}'s rule.
 */
@Singleton
@Requires(property = ListenerSeparationFilter.INTERNAL_PORT, notEquals = "0")
class InternalListener implements BeanCreatedEventListener<NettyHttpServerConfiguration> {

    private final int internalPort;

    InternalListener(@Value("${" + ListenerSeparationFilter.INTERNAL_PORT + "}") int internalPort) {
        this.internalPort = internalPort;
    }

    @Override
    public NettyHttpServerConfiguration onCreated(BeanCreatedEvent<NettyHttpServerConfiguration> event) {
        NettyHttpServerConfiguration server = event.getBean();
        String host = server.getHost().orElse(null);
        int publicPort = server.getPort().orElse(8080);
        server.setListeners(List.of(
                NettyListenerConfiguration.createTcp(host, publicPort, false, null, null),
                NettyListenerConfiguration.createTcp(host, internalPort, false, null, null)));
        return server;
    }
}
