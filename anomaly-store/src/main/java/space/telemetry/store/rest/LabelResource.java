package space.telemetry.store.rest;

import static space.telemetry.store.service.DatabaseUnavailable.asProblem;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import space.telemetry.http.Problem;
import space.telemetry.http.Roles;
import space.telemetry.store.service.Label;
import space.telemetry.store.service.LabelService;

/** Known anomaly labels: imported from labels files (operator), listed (viewer). */
@Path("/labels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Labels", description = "Known anomaly labels (NASA's labeled_anomalies.csv or any labels file)")
@ApplicationScoped
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class LabelResource {
    /** Media type of labels files. */
    public static final String TEXT_CSV = "text/csv";

    private final LabelService service;

    public LabelResource(LabelService service) {
        this.service = service;
    }

    @POST
    @Consumes(TEXT_CSV)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Import a labels file",
            description = "A file in the Telemanom labels format (chan_id,spacecraft,anomaly_sequences,class,"
                    + "num_values; sequences are inclusive test-split indices), stored under the given source."
                    + " Idempotent: a sequence already stored for the source is left alone (its class updated when"
                    + " it changed). A malformed file is refused whole, naming the line.")
    @RequestBody(content = @Content(mediaType = TEXT_CSV, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "200", description = "Sequences imported (new or changed) and unchanged",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LabelService.ImportResult.class)))
    @APIResponse(responseCode = "400", description = "Malformed file or invalid source; nothing imported",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "File larger than quarkus.http.limits.max-body-size (1M)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Body not text/csv",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<LabelService.ImportResult> importLabels(
            @Parameter(description = "Name of the labels' source, e.g. nasa", required = true)
            @QueryParam("source") @NotNull(message = "is required")
            @Pattern(regexp = ChannelResource.NAME_REGEX, message = ChannelResource.NAME_MESSAGE) String source,
            @Context SecurityContext security,
            String csv) {
        return asProblem(service.importCsv(source, csv == null ? "" : csv,
                security.getUserPrincipal().getName()));
    }

    @GET
    @Operation(summary = "List imported labels",
            description = "By channel, split and start index; at most 10,000.")
    @APIResponse(responseCode = "200", description = "The labels",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Label.class)))
    @APIResponse(responseCode = "400", description = "Invalid parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<Label>> list(
            @Parameter(description = "Only labels of this channel") @QueryParam("channel")
            @Pattern(regexp = ChannelResource.NAME_REGEX, message = ChannelResource.NAME_MESSAGE) String channel) {
        return asProblem(service.list(channel));
    }
}
