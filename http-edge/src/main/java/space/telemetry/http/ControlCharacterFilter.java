package space.telemetry.http;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses, before any resource runs, a request whose path or query holds a control character (raw or %-encoded). */
public class ControlCharacterFilter {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}|%[01][0-9A-Fa-f]|%7[Ff]");

    @ServerRequestFilter(preMatching = true)
    public Response refuseControlCharacters(HttpServerRequest request) {
        if (!CONTROL.matcher(request.uri()).find()) {
            return null;
        }
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(Problem.of(400, Problem.BLANK, "Bad Request",
                "the request path or query contains a control character", null)).build();
    }
}
