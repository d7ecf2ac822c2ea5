package space.telemetry.replay.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import space.telemetry.core.data.DataFileException;
import space.telemetry.replay.service.ReplayException;

/** Turns every request error into an RFC 9457 problem response, never a bare 500. */
public class ProblemMapper {
    private final ObjectMapper mapper;

    public ProblemMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response replay(ReplayException e, UriInfo uri) {
        return problem(e.status(), e.title(), e.getMessage(), uri);
    }

    /** A missing data directory or a missing/malformed data file: the request cannot be served with this data. */
    @ServerExceptionMapper
    public Response dataFile(DataFileException e, UriInfo uri) {
        return problem(409, "Telemanom data unavailable", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        String detail = e.getConstraintViolations().stream()
                .map(ProblemMapper::describe).sorted().collect(Collectors.joining("; "));
        return problem(400, "Invalid replay request", detail, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return problem(400, "Malformed JSON body", e.getOriginalMessage(), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        Throwable cause = e.getCause();
        String detail = cause instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return problem(status, title, detail, uri);
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int dot = path.indexOf('.');
        // "start.request.channels[0].<list element>" -> "channels[0]"
        String field = dot >= 0 ? path.substring(path.indexOf('.', dot + 1) + 1) : path;
        field = field.replace(".<list element>", "");
        return field + " " + violation.getMessage();
    }

    private Response problem(int status, String title, String detail, UriInfo uri) {
        Problem problem = Problem.of(status, title, detail, uri == null ? null : uri.getPath());
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"title\":\"" + title + "\",\"status\":" + status + "}";
        }
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
