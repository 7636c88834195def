package corebank.web;

import corebank.platform.CorebankException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every refusal a feature raises becomes problem+json with its stable code. */
@Singleton
@Produces(ProblemDetail.MEDIA_TYPE)
@Requires(classes = {CorebankException.class, ExceptionHandler.class})
public class CorebankExceptionHandler implements ExceptionHandler<CorebankException, HttpResponse<ProblemDetail>> {

    private static final Logger LOG = LoggerFactory.getLogger(CorebankExceptionHandler.class);

    @Override
    public HttpResponse<ProblemDetail> handle(HttpRequest request, CorebankException exception) {
        LOG.info("refused {} {}: {} ({})", request.getMethod(), request.getPath(), exception.code(), exception.detail());
        return Problems.of(request, exception);
    }
}
