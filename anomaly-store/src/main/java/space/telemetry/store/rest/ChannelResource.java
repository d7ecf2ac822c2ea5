package space.telemetry.store.rest;

import static space.telemetry.store.service.DatabaseUnavailable.asProblem;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import space.telemetry.http.Problem;
import space.telemetry.http.ProblemException;
import space.telemetry.http.Roles;
import space.telemetry.store.service.ChannelState;
import space.telemetry.store.service.Series;
import space.telemetry.store.service.SeriesService;

/** Channels with their latest state, and a channel's value, score and threshold over time. */
@Path("/channels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Channels", description = "Channels' points (value, per-point score, threshold) stored from telemetry.scores")
@ApplicationScoped
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class ChannelResource {
    /** Channel and spacecraft names, as {@code space.telemetry.contract.Limits.NAME}. */
    static final String NAME_REGEX = "[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}";
    static final String NAME_MESSAGE = "must be 1-128 letters, digits or . _ : / - (starting with a letter or digit)";
    /** Fewest and most points a series returns. */
    public static final int MIN_POINTS = 10;
    public static final int MAX_POINTS = 10_000;
    /** Most channels a list returns (the default page size). */
    public static final int MAX_CHANNELS = 10_000;

    private final SeriesService service;

    public ChannelResource(SeriesService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "List channels with their latest state",
            description = "Every channel with stored points or anomaly events, by spacecraft and channel: the latest"
                    + " point (null fields when the channel has events but no points yet) and the event counts; at"
                    + " most size channels, page by page.")
    @APIResponse(responseCode = "200", description = "The channels",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ChannelState.class)))
    @APIResponse(responseCode = "400", description = "Invalid parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<ChannelState>> list(
            @Parameter(description = "Only channels of this spacecraft, e.g. SMAP") @QueryParam("spacecraft")
            @Pattern(regexp = NAME_REGEX, message = NAME_MESSAGE) String spacecraft,
            @Parameter(description = "Page number, 0-based",
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0", minimum = "0",
                            maximum = "1000000"))
            @QueryParam("page") @DefaultValue("0") @IntegerParam(min = 0, max = AnomalyResource.MAX_PAGE) String page,
            @Parameter(description = "Page size", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "10000",
                    minimum = "1", maximum = "10000"))
            @QueryParam("size") @DefaultValue("10000") @IntegerParam(min = 1, max = MAX_CHANNELS) String size) {
        return asProblem(service.channels(spacecraft, Integer.parseInt(page), Integer.parseInt(size)));
    }

    @GET
    @Path("/{id}/series")
    @Operation(summary = "A channel's value, score and threshold over a time range",
            description = "The points in [from, to] as columns in time order, downsampled on the server when there"
                    + " are more than maxPoints: the range is cut into maxPoints/2 buckets of consecutive points and"
                    + " each bucket gives its min-value and max-value points, both carrying the bucket's highest"
                    + " score, so spikes of value and of score survive. With the anomaly events and the known labels"
                    + " overlapping the range.")
    @APIResponse(responseCode = "200", description = "The series",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Series.class)))
    @APIResponse(responseCode = "400", description = "Invalid parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No points and no events for this channel",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Series> series(
            @Parameter(description = "Channel id, e.g. P-1") @PathParam("id")
            @Pattern(regexp = NAME_REGEX, message = NAME_MESSAGE) String id,
            @Parameter(description = "Start of the range (ISO-8601 instant); default: the channel's first point",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("from") @InstantParam String from,
            @Parameter(description = "End of the range (ISO-8601 instant); default: the channel's last point",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("to") @InstantParam String to,
            @Parameter(description = "Most points returned",
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "2000", minimum = "10",
                            maximum = "10000"))
            @QueryParam("maxPoints") @DefaultValue("2000") @IntegerParam(min = MIN_POINTS, max = MAX_POINTS)
            String maxPoints) {
        Instant fromTime = InstantParam.Validator.parse(from);
        Instant toTime = InstantParam.Validator.parse(to);
        if (fromTime != null && toTime != null && fromTime.isAfter(toTime)) {
            throw ProblemException.invalidParameter("from", "must not be after to (" + to + ")");
        }
        return asProblem(service.series(id, fromTime, toTime, Integer.parseInt(maxPoints)));
    }
}
