package space.telemetry.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem details body ({@code application/problem+json}), the one error body of every service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "URI identifying the problem type") String type,
        @Schema(description = "Short summary of the problem type") String title,
        @Schema(description = "HTTP status code") int status,
        @Schema(description = "What went wrong with this request") String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "The (first) offending request parameter, for validation problems") String parameter,
        @JsonProperty("invalid-params") @Schema(description = "Every offending parameter with its reason")
        List<InvalidParam> invalidParams) {

    /** Media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Problem type without further semantics than the status code. */
    public static final String BLANK = "about:blank";
    /** Problem type of a request with an invalid parameter or body field. */
    public static final String INVALID_PARAMETER = "urn:telemetry:problem:invalid-parameter";
    /** Problem type of a request for something that does not exist. */
    public static final String NOT_FOUND = "urn:telemetry:problem:not-found";
    /** Longest {@code detail}: no request can make the service echo large input. */
    public static final int MAX_DETAIL = 200;

    /** One offending parameter and why. */
    public record InvalidParam(String name, String reason) {
        public InvalidParam {
            name = Problem.cap(name);
            reason = Problem.cap(reason);
        }
    }

    public Problem {
        detail = cap(detail);
        instance = cap(instance);
        parameter = cap(parameter);
    }

    /** A problem without parameters. */
    public static Problem of(int status, String type, String title, String detail, String instance) {
        return new Problem(type, title, status, detail, instance, null, null);
    }

    /** Text cut to {@link #MAX_DETAIL} characters, control characters replaced; null stays null. */
    static String cap(String text) {
        if (text == null) {
            return null;
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= MAX_DETAIL ? clean : clean.substring(0, MAX_DETAIL - 3) + "...";
    }
}
