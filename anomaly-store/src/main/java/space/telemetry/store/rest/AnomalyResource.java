package space.telemetry.store.rest;

import static space.telemetry.store.service.DatabaseUnavailable.asProblem;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import space.telemetry.http.Problem;
import space.telemetry.http.ProblemException;
import space.telemetry.http.Roles;
import space.telemetry.store.config.ApiConfig;
import space.telemetry.store.repository.EventFilter;
import space.telemetry.store.service.AnomalyPage;
import space.telemetry.store.service.AnomalyService;
import space.telemetry.store.service.ChannelSummary;
import space.telemetry.store.service.LiveUpdates;
import space.telemetry.store.service.StoredAnomaly;
import space.telemetry.store.service.Verdict;
import space.telemetry.store.service.VerdictRequest;
import space.telemetry.store.service.VerdictService;

/** REST queries over the stored anomaly events, their verdicts, and the live stream of both. */
@Path("/anomalies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Anomalies", description = "Anomaly events stored from telemetry.anomalies")
@ApplicationScoped
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class AnomalyResource {
    /** Largest page size. */
    public static final int MAX_SIZE = 1000;
    /** Largest page number (keeps page * size within the range of an offset). */
    public static final int MAX_PAGE = 1_000_000;
    static final String UUID_REGEX =
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private final AnomalyService service;
    private final VerdictService verdicts;
    private final LiveUpdates live;
    private final ApiConfig config;

    public AnomalyResource(AnomalyService service, VerdictService verdicts, LiveUpdates live, ApiConfig config) {
        this.service = service;
        this.verdicts = verdicts;
        this.live = live;
        this.config = config;
    }

    @GET
    @Operation(summary = "Search anomaly events",
            description = "Events matching every given filter, newest (latest start time) first, one page at a time."
                    + " An event matches the time range when it overlaps [from, to].")
    @APIResponse(responseCode = "200", description = "One page of matching events",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AnomalyPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AnomalyPage> search(
            @Parameter(description = "Channel id, e.g. P-1") @QueryParam("channel") String channel,
            @Parameter(description = "Spacecraft, e.g. SMAP or MSL") @QueryParam("spacecraft") String spacecraft,
            @Parameter(description = "Detector name") @QueryParam("detector") String detector,
            @Parameter(description = "Event state",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"open", "closed"}))
            @QueryParam("state") @Pattern(regexp = "open|closed", message = "must be 'open' or 'closed'")
            String state,
            @Parameter(description = "Start of the time range (ISO-8601 instant)",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("from") @InstantParam String from,
            @Parameter(description = "End of the time range (ISO-8601 instant)",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("to") @InstantParam String to,
            @Parameter(description = "Latest operator verdict; none: events without a verdict",
                    schema = @Schema(type = SchemaType.STRING,
                            enumeration = {"confirmed", "false-alarm", "expected", "none"}))
            @QueryParam("verdict") @Pattern(regexp = "confirmed|false-alarm|expected|none",
                    message = "must be confirmed, false-alarm, expected or none") String verdict,
            @Parameter(description = "Page number, 0-based",
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0", minimum = "0",
                            maximum = "1000000"))
            @QueryParam("page") @DefaultValue("0") @IntegerParam(min = 0, max = MAX_PAGE) String page,
            @Parameter(description = "Page size", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "50",
                    minimum = "1", maximum = "1000"))
            @QueryParam("size") @DefaultValue("50") @IntegerParam(min = 1, max = MAX_SIZE) String size) {
        Instant fromTime = InstantParam.Validator.parse(from);
        Instant toTime = InstantParam.Validator.parse(to);
        if (fromTime != null && toTime != null && fromTime.isAfter(toTime)) {
            throw ProblemException.invalidParameter("from", "must not be after to (" + to + ")");
        }
        EventFilter filter = new EventFilter(channel, spacecraft, detector, state, fromTime, toTime, verdict);
        return asProblem(service.search(filter, Integer.parseInt(page), Integer.parseInt(size)));
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Summarize anomaly events per channel",
            description = "One row per channel: event counts (total, by state, by detector), first start time,"
                    + " last end time and highest peak score.")
    @APIResponse(responseCode = "200", description = "One summary per channel",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ChannelSummary.class)))
    public Uni<List<ChannelSummary>> summary(
            @Parameter(description = "Only channels of this spacecraft") @QueryParam("spacecraft")
            String spacecraft) {
        return asProblem(service.summarize(spacecraft));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one anomaly event")
    @APIResponse(responseCode = "200", description = "The event",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StoredAnomaly.class)))
    @APIResponse(responseCode = "400", description = "The id is not a UUID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No event with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<StoredAnomaly> get(
            @Parameter(description = "Event id (UUID)") @PathParam("id")
            @Pattern(regexp = UUID_REGEX, message = "must be a UUID") String id) {
        return asProblem(service.find(UUID.fromString(id)));
    }

    @POST
    @Path("/{id}/verdicts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @ResponseStatus(201)
    @Operation(summary = "Record a verdict on an anomaly event",
            description = "Confirmed, false alarm or known/expected, with an optional note; the author is the token's"
                    + " principal name. Every verdict is kept: the event's verdict is the latest one.")
    @APIResponse(responseCode = "201", description = "The verdict as recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Verdict.class)))
    @APIResponse(responseCode = "400", description = "Invalid id or body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No event with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body larger than anomaly-store.api.max-body-size (64K)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Body not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Verdict> recordVerdict(
            @Parameter(description = "Event id (UUID)") @PathParam("id")
            @Pattern(regexp = UUID_REGEX, message = "must be a UUID") String id,
            @Context SecurityContext security,
            @NotNull(message = "a JSON body {\"verdict\": ..., \"note\": ...} is required") @Valid
            VerdictRequest request) {
        return asProblem(verdicts.record(UUID.fromString(id), request, security.getUserPrincipal().getName()));
    }

    @GET
    @Path("/{id}/verdicts")
    @Operation(summary = "An anomaly event's verdicts, newest first", description = "At most the newest 1000.")
    @APIResponse(responseCode = "200", description = "The verdicts, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Verdict.class)))
    @APIResponse(responseCode = "400", description = "The id is not a UUID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No event with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<Verdict>> verdicts(
            @Parameter(description = "Event id (UUID)") @PathParam("id")
            @Pattern(regexp = UUID_REGEX, message = "must be a UUID") String id) {
        return asProblem(verdicts.history(UUID.fromString(id)));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live updates (server-sent events)",
            description = "Event 'anomaly' (an Anomaly) each time the store inserts or updates an event, event"
                    + " 'verdict' (a Verdict) each time one is recorded; a comment line (': keep-alive') at once and"
                    + " when idle. A client that falls more than anomaly-store.api.stream.buffer events behind has"
                    + " its stream ended (reconnect and reload).")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(responseCode = "503", description = "Too many clients on the stream",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        // the first comment at once: it sends the response head, and tells the client it is subscribed
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1))
                .every(config.stream().keepAlive()).onOverflow().drop()
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        Multi<OutboundSseEvent> updates = live.subscribe().map(update -> sse.newEventBuilder().name(update.name())
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(update.data()).build());
        return Multi.createBy().merging().streams(updates, keepAlive);
    }

    /** A query refused because the database cannot be reached fails with a 503 problem and Retry-After. */
}
