package corebank.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import corebank.platform.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * One rule at the edge, before any binding, parser or database sees the request (TextInput):
 * path variables, query names and values, the headers the engine reads and every string and
 * field name of a JSON body at any depth. A breach is 400 {@code validation_failed} naming the
 * field ({@code transfers[2].description}, {@code actor}, {@code username},
 * {@code Idempotency-Key}), like a Bean Validation refusal: nothing read, written or audited.
 *
 * <p>The JSON body is also read once here as JSON: text after the document (such as
 * {@code {...}}}}) or a body that is not JSON at all is 400 {@code malformed_request}, audited
 * as every framework-level refusal (EdgeRefusals). Runs after security, so an unauthenticated
 * caller still gets 401 and an unknown route the deny-by-default answer.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class TextInputFilter implements Ordered {

    /** The headers whose values the engine reads (Idempotency-Key, session mode, CSRF, the audit's user agent). */
    static final List<String> HEADERS = List.of("Idempotency-Key", SessionCookies.MODE_HEADER, SessionCookies.CSRF_HEADER, "User-Agent");
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build();

    private final EdgeRefusals refusals;

    TextInputFilter(EdgeRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public int getOrder() {
        // after SessionFilter (SECURITY.after()): only requests that may reach a route are read
        return ServerFilterPhase.SECURITY.after() + 10;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request, @Nullable @Body byte[] body) {
        String fault = pathFault(request);
        if (fault == null) {
            fault = queryFault(request);
        }
        if (fault == null) {
            fault = headerFault(request);
        }
        if (fault != null) {
            return refused(request, fault);
        }
        if (body == null || body.length == 0 || !json(request)) {
            return null;
        }
        try {
            fault = bodyFault(body);
        } catch (JsonProcessingException e) {
            return refusals.refuse(request, HttpStatus.BAD_REQUEST, ErrorCode.MALFORMED_REQUEST,
                    "the body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")", null);
        } catch (IOException e) {
            return refusals.refuse(request, HttpStatus.BAD_REQUEST, ErrorCode.MALFORMED_REQUEST, "the body is not valid JSON", null);
        }
        if (TRAILING.equals(fault)) {
            return refusals.refuse(request, HttpStatus.BAD_REQUEST, ErrorCode.MALFORMED_REQUEST,
                    "the body holds more than one JSON value: nothing may follow the document", null);
        }
        if (fault != null) {
            return refused(request, fault);
        }
        return shapeRefusal(request, body);
    }

    /** The body against the route's body record (BodyShape): a misfit is 400 naming the field. */
    private static HttpResponse<?> shapeRefusal(HttpRequest<?> request, byte[] body) {
        Class<?> type = RouteAttributes.getRouteMatch(request).flatMap(r -> r.getRouteInfo().getFullRequestBodyType())
                .map(a -> (Class<?>) a.getType()).orElse(null);
        if (type == null || !type.isRecord()) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            BodyShape.Misfit misfit = BodyShape.check(parser, type);
            if (misfit == null) {
                return null;
            }
            return Problems.of(request, HttpStatus.BAD_REQUEST, misfit.amount() ? ErrorCode.INVALID_AMOUNT : ErrorCode.VALIDATION_FAILED,
                    misfit.detail(), misfit.field());
        } catch (IOException e) {
            return null; // read once already; the binder answers
        }
    }

    private static final String TRAILING = "";

    /** {@code field: reason} of a breach: the field is everything before the first ": ". */
    private static HttpResponse<?> refused(HttpRequest<?> request, String fault) {
        int colon = fault.indexOf(": ");
        return Problems.of(request, HttpStatus.BAD_REQUEST, ErrorCode.VALIDATION_FAILED, fault, fault.substring(0, colon));
    }

    private static boolean json(HttpRequest<?> request) {
        MediaType type = request.getContentType().orElse(null);
        return type == null || type.getExtension().equals("json") || type.getSubtype().endsWith("+json");
    }

    private static String pathFault(HttpRequest<?> request) {
        Object match = RouteAttributes.getRouteMatch(request).orElse(null);
        if (!Utf8.valid(request.getUri().getRawPath(), false)) {
            // the decoder put U+FFFD where the bytes were not UTF-8: name the variable that holds one
            if (match instanceof UriRouteMatch<?, ?> uri) {
                for (Map.Entry<String, Object> variable : uri.getVariableValues().entrySet()) {
                    if (variable.getValue() != null && variable.getValue().toString().indexOf('\uFFFD') >= 0) {
                        return variable.getKey() + ": " + Utf8.FAULT;
                    }
                }
            }
            return "path: " + Utf8.FAULT;
        }
        if (match instanceof UriRouteMatch<?, ?> uri) {
            for (Map.Entry<String, Object> variable : uri.getVariableValues().entrySet()) {
                String fault = variable.getValue() == null ? null : TextInput.fault(variable.getValue().toString());
                if (fault != null) {
                    return variable.getKey() + ": " + fault;
                }
            }
        }
        String fault = TextInput.fault(request.getPath());
        return fault == null ? null : "path: " + fault;
    }

    private static String queryFault(HttpRequest<?> request) {
        String raw = request.getUri().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                if (!Utf8.valid(name, true)) {
                    return "query: " + Utf8.FAULT;
                }
                if (equals >= 0 && !Utf8.valid(pair.substring(equals + 1), true)) {
                    return Utf8.decode(name) + ": " + Utf8.FAULT;
                }
            }
        }
        for (String name : request.getParameters().names()) {
            String fault = TextInput.fault(name);
            if (fault != null) {
                return "query: " + fault;
            }
            for (String value : request.getParameters().getAll(name)) {
                fault = TextInput.fault(value);
                if (fault != null) {
                    return name + ": " + fault;
                }
            }
        }
        return null;
    }

    private static String headerFault(HttpRequest<?> request) {
        for (String name : HEADERS) {
            for (String value : request.getHeaders().getAll(name)) {
                String fault = TextInput.fault(value);
                if (fault != null) {
                    return name + ": " + fault;
                }
            }
        }
        return null;
    }

    /** The first breach in the body as {@code path: reason}, {@link #TRAILING} for text after the document, or null. */
    static String bodyFault(byte[] body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            Deque<Object> path = new ArrayDeque<>(); // String field name or int[] array index
            JsonToken token;
            boolean started = false;
            while ((token = parser.nextToken()) != null) {
                if (started && path.isEmpty()) {
                    return TRAILING;
                }
                started = true;
                switch (token) {
                    case FIELD_NAME -> {
                        String[] current = (String[]) path.peek();
                        current[0] = null;
                        String fault = TextInput.fault(parser.currentName());
                        if (fault != null) {
                            String parent = name(path);
                            return (parent.isEmpty() ? "body" : parent) + ": " + fault + " (in a field name)";
                        }
                        current[0] = parser.currentName();
                    }
                    case START_OBJECT -> {
                        advanceIndex(path);
                        path.push(new String[]{null});
                    }
                    case START_ARRAY -> {
                        advanceIndex(path);
                        path.push(new int[]{-1});
                    }
                    case END_OBJECT, END_ARRAY -> path.pop();
                    case VALUE_STRING -> {
                        advanceIndex(path);
                        String fault = TextInput.fault(parser.getText());
                        if (fault != null) {
                            String name = name(path);
                            return (name.isEmpty() ? "body" : name) + ": " + fault;
                        }
                    }
                    default -> advanceIndex(path);
                }
            }
            return null;
        }
    }

    private static void advanceIndex(Deque<Object> path) {
        if (path.peek() instanceof int[] index) {
            index[0]++;
        }
    }

    /** The JSON property path of the current value: {@code transfers[2].description}. */
    private static String name(Deque<Object> path) {
        StringBuilder name = new StringBuilder();
        var it = path.descendingIterator();
        while (it.hasNext()) {
            Object step = it.next();
            if (step instanceof int[] index) {
                name.append('[').append(index[0]).append(']');
            } else {
                String field = ((String[]) step)[0];
                if (field != null) {
                    if (!name.isEmpty()) {
                        name.append('.');
                    }
                    name.append(field);
                }
            }
        }
        return name.toString();
    }
}
