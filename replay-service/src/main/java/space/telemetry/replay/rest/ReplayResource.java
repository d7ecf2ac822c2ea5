package space.telemetry.replay.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import space.telemetry.http.Roles;
import space.telemetry.replay.service.ReplayService;
import space.telemetry.replay.service.ReplayStatus;

/** Starts, lists, inspects and stops replays of Telemanom channels onto telemetry.raw. */
@Path("/replays")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class ReplayResource {
    private final ReplayService replays;

    public ReplayResource(ReplayService replays) {
        this.replays = replays;
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Start a replay", description = "Validates the channels' files (headers) and starts "
            + "streaming train then test rows, interleaved by position. Errors are application/problem+json.")
    @APIResponse(responseCode = "202", description = "Started; Location points at its status")
    @APIResponse(responseCode = "400", description = "No JSON body, unknown spacecraft or channel, bad speed or "
            + "start time")
    @APIResponse(responseCode = "415", description = "The body is not application/json")
    @APIResponse(responseCode = "409", description = "Data directory or a data file missing or malformed, "
            + "or too many running replays")
    public Response start(@Valid @NotNull(message = "a JSON body is required ({} for every default)")
            ReplayRequest request, @Context UriInfo uri) {
        ReplayStatus status = replays.start(request.spacecraft(), request.channels(), request.speed(),
                request.startTime());
        return Response.accepted(status).location(uri.getAbsolutePathBuilder().path(status.id()).build()).build();
    }

    @GET
    @Operation(summary = "All replays, oldest first")
    public List<ReplayStatus> list() {
        return replays.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Status of one replay")
    public ReplayStatus get(@PathParam("id") String id) {
        return replays.get(id);
    }

    @POST
    @Path("{id}/stop")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Stop a replay", description = "It reports STOPPED once its in-flight sends are "
            + "acknowledged; stopping a finished replay changes nothing.")
    public ReplayStatus stop(@PathParam("id") String id) {
        return replays.stop(id);
    }
}
