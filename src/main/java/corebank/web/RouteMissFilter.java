package corebank.web;

import corebank.platform.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Says why a request matched no route when its path is a route's: a method the path does not
 * take is 405 {@code method_not_allowed} (with {@code Allow}), a body media type no route of the
 * method consumes is 415 {@code unsupported_media_type}, an {@code Accept} none of them can answer
 * is 406 {@code not_acceptable}; each audited (EdgeRefusals). It runs before security, so these
 * answers do not depend on the caller. A path that is no route's is left to security, which
 * refuses it as before (deny by default: 401 anonymous, 403 otherwise).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RouteMissFilter implements Ordered {

    private final Router router;
    private final EdgeRefusals refusals;

    RouteMissFilter(Router router, EdgeRefusals refusals) {
        this.router = router;
        this.refusals = refusals;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> explainMiss(HttpRequest<?> request) {
        if (RouteAttributes.getRouteMatch(request).isPresent()) {
            return null;
        }
        String path = request.getPath();
        List<UriRouteInfo<?, ?>> onPath = router.uriRoutes().filter(r -> r.tryMatch(path) != null).toList();
        if (onPath.isEmpty()) {
            return null;
        }
        HttpMethod method = request.getMethod() == HttpMethod.HEAD ? HttpMethod.GET : request.getMethod();
        List<UriRouteInfo<?, ?>> forMethod = onPath.stream().filter(r -> r.getHttpMethod() == method).toList();
        if (forMethod.isEmpty()) {
            TreeSet<String> allowed = new TreeSet<>();
            onPath.forEach(r -> allowed.add(r.getHttpMethodName()));
            return refusals.refuse(request, HttpStatus.METHOD_NOT_ALLOWED, ErrorCode.METHOD_NOT_ALLOWED,
                    "this route takes " + String.join(", ", allowed) + ", not " + request.getMethodName(), null)
                    .header(HttpHeaders.ALLOW, String.join(", ", allowed));
        }
        Optional<MediaType> contentType = request.getContentType();
        if (contentType.isPresent() && forMethod.stream().noneMatch(r -> r.doesConsume(contentType.get()))) {
            return refusals.refuse(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "this route takes " + forMethod.get(0).getConsumes() + ", not " + contentType.get(), HttpHeaders.CONTENT_TYPE);
        }
        java.util.Collection<MediaType> accept = request.accept();
        if (!accept.isEmpty() && forMethod.stream().noneMatch(r -> r.doesProduce(accept))) {
            return refusals.refuse(request, HttpStatus.NOT_ACCEPTABLE, ErrorCode.NOT_ACCEPTABLE,
                    "this route answers " + forMethod.get(0).getProduces() + " (and problem documents as application/problem+json)",
                    HttpHeaders.ACCEPT);
        }
        return null;
    }
}
