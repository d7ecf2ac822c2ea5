package space.telemetry.store.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import space.telemetry.http.Problem;
import space.telemetry.store.config.ApiConfig;

/**
 * Holds every request body but a labels import ({@code POST /labels}, up to quarkus.http.limits.max-body-size) to
 * {@code anomaly-store.api.max-body-size}: a larger declared length is a 413 problem, and such a body must declare its
 * length (chunked: 411 problem).
 */
@ApplicationScoped
public class RequestBodyLimit {
    /** Before http-edge's BodySizeLimit (-3), which holds every body to the server-wide limit. */
    private static final int ORDER = -4;

    private final long max;
    private final ObjectMapper mapper;

    public RequestBodyLimit(ApiConfig config, ObjectMapper mapper) {
        this.max = config.maxBodySize().asLongValue();
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.method() == HttpMethod.POST && "/labels".equals(request.path())) {
            context.next();
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            refuse(context, 411, "Length Required", "a request body must declare its Content-Length");
        } else if (length != null && declaresMore(length)) {
            refuse(context, 413, "Content Too Large", "the request body is larger than " + max + " bytes");
        } else {
            context.next();
        }
    }

    private boolean declaresMore(String length) {
        try {
            return Long.parseLong(length.strip()) > max;
        } catch (NumberFormatException e) {
            return false; // left to the HTTP server
        }
    }

    private void refuse(RoutingContext context, int status, String title, String detail) {
        Problem problem = Problem.of(status, Problem.BLANK, title, detail, context.request().path());
        try {
            context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE).end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
