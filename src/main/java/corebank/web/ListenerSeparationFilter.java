package corebank.web;

import corebank.platform.ErrorCode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.List;

/**
 * With a separate internal port, the staff APIs ({@code /internal}, {@code /audit}) answer only
 * there, and the customers' API and web app only on the public port; the login every role shares,
 * the health and metrics endpoints and the OpenAPI document answer on both. A path on the wrong
 * listener answers 404 like an unknown route, before authentication, so the public port does not
 * even tell that the staff routes exist.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = ListenerSeparationFilter.INTERNAL_PORT, notEquals = "0")
class ListenerSeparationFilter implements Ordered {

    static final String INTERNAL_PORT = "corebank.http.internal-port";

    private static final List<String> STAFF = List.of("/internal/", "/audit/");
    private static final List<String> SHARED = List.of("/api/v1/auth/", "/health", "/prometheus", "/openapi/");

    private final int internalPort;

    ListenerSeparationFilter(@Value("${" + INTERNAL_PORT + "}") int internalPort) {
        this.internalPort = internalPort;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> refuseTheOtherAudience(HttpRequest<?> request) {
        String path = request.getPath();
        boolean onInternal = request.getServerAddress().getPort() == internalPort;
        if (startsWithAny(path, SHARED) || onInternal == startsWithAny(path, STAFF)) {
            return null;
        }
        return Problems.of(request, HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, "Not Found", null);
    }

    private static boolean startsWithAny(String path, List<String> prefixes) {
        return prefixes.stream().anyMatch(prefix -> path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1)));
    }
}
