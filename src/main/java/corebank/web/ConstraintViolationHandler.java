package corebank.web;

import corebank.platform.ErrorCode;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A request that breaks a Jakarta Bean Validation constraint of an HTTP edge (its body record's
 * fields, or a query value) is refused before the controller runs, so nothing is read, written or
 * audited: 400 problem+json with code {@code validation_failed}, like the features' own checks,
 * and the field as the JSON property path ({@code nickname}, {@code transfers[3].amount}).
 *
 * <p>Of several violations, the first in the request's own order answers: by parameter, then by
 * the field's place in its record (as a feature checks them: an empty login form is refused for
 * its username, not its password), then by field path and message. The validator reports them
 * in no fixed order, and a client must get the same problem for the same request.
 */
@Singleton
@Produces(ProblemDetail.MEDIA_TYPE)
@Replaces(ConstraintExceptionHandler.class)
public class ConstraintViolationHandler implements ExceptionHandler<ConstraintViolationException, HttpResponse<ProblemDetail>> {

    private static final ErrorCode CODE = ErrorCode.VALIDATION_FAILED;

    private static final Logger LOG = LoggerFactory.getLogger(ConstraintViolationHandler.class);
    private static final Comparator<Violation> ORDER = Comparator.comparingInt(Violation::parameterIndex)
            .thenComparingInt(Violation::componentIndex).thenComparing(Violation::field).thenComparing(Violation::message);

    /**
     * One violation as the API names it, with its place in the request: the index of the method
     * parameter and of the record component its field starts with ({@link Integer#MAX_VALUE} when
     * not known).
     */
    record Violation(String field, String message, int parameterIndex, int componentIndex) {
        String detail() {
            return field.isEmpty() ? message : field + ": " + message;
        }
    }

    @Override
    public HttpResponse<ProblemDetail> handle(HttpRequest request, ConstraintViolationException exception) {
        Violation first = first(exception);
        LOG.info("refused {} {}: {} ({})", request.getMethod(), request.getPath(), CODE, first.detail());
        return Problems.of(request, HttpStatus.BAD_REQUEST, CODE, first.detail(), first.field().isEmpty() ? null : first.field());
    }

    static Violation first(ConstraintViolationException exception) {
        Violation none = new Violation("", "the request is not valid", Integer.MAX_VALUE, Integer.MAX_VALUE);
        return exception.getConstraintViolations() == null ? none
                : exception.getConstraintViolations().stream().map(ConstraintViolationHandler::violation).min(ORDER).orElse(none);
    }

    static Violation violation(ConstraintViolation<?> v) {
        Integer parameterIndex = null;
        String property = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameterIndex = node.as(Path.ParameterNode.class).getParameterIndex();
            } else if (node.getKind() == ElementKind.PROPERTY && property == null) {
                property = node.getName();
            }
        }
        Object[] arguments = v.getExecutableParameters();
        Object root = parameterIndex == null ? v.getRootBean()
                : arguments != null && parameterIndex < arguments.length ? arguments[parameterIndex] : null;
        return new Violation(field(v.getPropertyPath()), v.getMessage() == null ? "is not valid" : v.getMessage(),
                parameterIndex == null ? Integer.MAX_VALUE : parameterIndex, componentIndex(root, property));
    }

    /** Where {@code property} is declared in {@code root}'s record, or {@link Integer#MAX_VALUE}. */
    private static int componentIndex(Object root, String property) {
        if (root == null || property == null || !root.getClass().isRecord()) {
            return Integer.MAX_VALUE;
        }
        var components = root.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(property)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * The path below the validated method's parameter: {@code schedule.body.payeeId} is
     * {@code payeeId}, {@code batch.body.transfers[3].amount} is {@code transfers[3].amount}; a
     * constraint on a parameter itself ({@code events.limit}) is named by the parameter.
     */
    static String field(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (kind == ElementKind.PROPERTY || kind == ElementKind.BEAN || kind == ElementKind.CONTAINER_ELEMENT) {
                nodes.add(node);
            }
        }
        StringBuilder field = new StringBuilder();
        for (Path.Node node : nodes) {
            if (node.isInIterable()) {
                Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
                field.append('[').append(at == null ? "" : at).append(']');
            }
            String name = node.getName();
            if (name != null && !name.isEmpty() && !name.startsWith("<")) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(name);
            }
        }
        if (field.isEmpty() && parameter != null) {
            return parameter;
        }
        return field.toString();
    }
}
