package corebank.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import org.reactivestreams.Publisher;

/** Decides once per request who the client is (TrustedProxies), for throttling and the audit trail (Origins). */
@Filter(Filter.MATCH_ALL_PATTERN)
public class ClientAddressFilter implements HttpServerFilter, Ordered {

    private final TrustedProxies proxies;

    ClientAddressFilter(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order() + 1;
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        request.setAttribute(Origins.CLIENT_ADDRESS, proxies.clientAddress(request));
        return chain.proceed(request);
    }
}
