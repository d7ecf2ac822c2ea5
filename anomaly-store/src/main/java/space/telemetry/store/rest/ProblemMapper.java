package space.telemetry.store.rest;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import space.telemetry.store.service.AnomalyNotFoundException;

/** Turns every failure of a REST call into an RFC 9457 {@code application/problem+json} response. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response invalidParameters(ConstraintViolationException e, UriInfo uri) {
        List<Problem.InvalidParam> params = e.getConstraintViolations().stream()
                .map(v -> new Problem.InvalidParam(parameterName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.InvalidParam::name))
                .toList();
        String detail = String.join("; ", params.stream().map(p -> p.name() + ": " + p.reason()).toList());
        return invalidParameter(uri, params.isEmpty() ? null : params.get(0).name(), detail, params);
    }

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e, UriInfo uri) {
        return invalidParameter(uri, e.parameter(), e.parameter() + ": " + e.getMessage(),
                List.of(new Problem.InvalidParam(e.parameter(), e.getMessage())));
    }

    @ServerExceptionMapper
    public Response notFound(AnomalyNotFoundException e, UriInfo uri) {
        return problem(new Problem(Problem.NOT_FOUND, "Anomaly event not found", 404, e.getMessage(),
                uri.getPath(), null, null));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return problem(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), e.getMessage(),
                uri.getPath(), null, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Request %s failed", uri.getPath());
        return problem(new Problem("about:blank", "Internal Server Error", 500,
                "the request could not be processed; see the service log", uri.getPath(), null, null));
    }

    private static Response invalidParameter(UriInfo uri, String parameter, String detail,
            List<Problem.InvalidParam> params) {
        return problem(new Problem(Problem.INVALID_PARAMETER, "Invalid request parameter", 400, detail,
                uri.getPath(), parameter, params));
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The request parameter a violation is about: the last node of its path (method.parameter). */
    private static String parameterName(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            name = node.getName();
        }
        return name;
    }
}
