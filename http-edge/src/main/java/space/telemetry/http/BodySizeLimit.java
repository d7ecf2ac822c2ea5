package space.telemetry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared body exceeds {@code quarkus.http.limits.max-body-size} with a 413 problem, ahead
 * of Quarkus's own check, which answers without a body.
 */
@ApplicationScoped
public class BodySizeLimit {
    /** Before Quarkus's limit route (order -2). */
    private static final int ORDER = -3;

    private final Optional<MemorySize> limit;
    private final ObjectMapper mapper;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit,
            ObjectMapper mapper) {
        this.limit = limit;
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        limit.ifPresent(max -> router.route().order(ORDER).handler(context -> refuseLarger(context, max)));
    }

    private void refuseLarger(RoutingContext context, MemorySize max) {
        if (!declaresMoreThan(context.request().getHeader(HttpHeaders.CONTENT_LENGTH), max.asLongValue())) {
            context.next();
            return;
        }
        Problem problem = Problem.of(413, Problem.BLANK, "Content Too Large",
                "the request body is larger than " + max.asLongValue() + " bytes", context.request().path());
        try {
            context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE).end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean declaresMoreThan(String contentLength, long max) {
        try {
            return contentLength != null && Long.parseLong(contentLength.strip()) > max;
        } catch (NumberFormatException e) {
            return false; // left to the HTTP server
        }
    }
}
