package space.telemetry.store.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem details body ({@code application/problem+json}). */
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
    /** Problem type of a request with an invalid parameter. */
    public static final String INVALID_PARAMETER = "urn:telemetry:problem:invalid-parameter";
    /** Problem type of a request for an event that is not stored. */
    public static final String NOT_FOUND = "urn:telemetry:problem:not-found";

    /** One offending parameter and why. */
    public record InvalidParam(String name, String reason) {
    }
}
