package space.telemetry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure of a REST call, the framework's own included, into an RFC 9457 problem response. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return response(e, uri);
    }

    /** The problem response of {@code e}, for a service's own mappers of exceptions it does not own. */
    public static Response response(ProblemException e, UriInfo uri) {
        List<Problem.InvalidParam> params = e.parameter() == null ? null
                : List.of(new Problem.InvalidParam(e.parameter(), e.getMessage()));
        String detail = e.parameter() == null ? e.getMessage() : e.parameter() + ": " + e.getMessage();
        Response.ResponseBuilder response = builder(new Problem(e.type(), e.title(), e.status(), detail,
                path(uri), e.parameter(), params));
        if (e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalidParameters(ConstraintViolationException e, UriInfo uri) {
        List<Problem.InvalidParam> params = e.getConstraintViolations().stream()
                .map(v -> new Problem.InvalidParam(parameterName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.InvalidParam::name))
                .toList();
        String detail = String.join("; ", params.stream().map(p -> p.name() + ": " + p.reason()).toList());
        return builder(new Problem(Problem.INVALID_PARAMETER, "Invalid request parameter", 400, detail, path(uri),
                params.isEmpty() ? null : params.get(0).name(), params)).build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return response(400, "Malformed JSON body", e.getOriginalMessage(), uri);
    }

    /** The framework's own errors: 404 unknown path, 405, 406, 415, 400 unreadable body, ... */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        if (status.getStatusCode() >= 500) {
            return unexpected(e, uri);
        }
        return response(status.getStatusCode(), status.getReasonPhrase(), e.getMessage(), uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(response(401, "Unauthorized",
                "a valid bearer token is required (Authorization: Bearer <token>)", uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return response(403, "Forbidden", "the token's roles do not allow this request", uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Request %s failed", path(uri));
        return response(500, "Internal Server Error", "the request could not be processed; see the service log",
                uri);
    }

    private static Response response(int status, String title, String detail, UriInfo uri) {
        return builder(Problem.of(status, Problem.BLANK, title, detail, path(uri))).build();
    }

    private static Response.ResponseBuilder builder(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    /**
     * The request parameter or body field a violation is about: its property path without the method, the body
     * parameter and container nodes ("start.request.channels[0].&lt;list element&gt;" gives "channels[0]",
     * "search.state" gives "state").
     */
    static String parameterName(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString().replace(".<list element>", "");
        int method = path.indexOf('.');
        String name = method < 0 ? path : path.substring(method + 1);
        int parameter = name.indexOf('.');
        return parameter < 0 ? name : name.substring(parameter + 1);
    }
}
