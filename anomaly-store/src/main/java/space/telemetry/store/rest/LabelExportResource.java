package space.telemetry.store.rest;

import static space.telemetry.store.service.DatabaseUnavailable.asProblem;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import space.telemetry.http.Roles;
import space.telemetry.store.service.LabelService;

/** The operators' confirmed events as a labels file, for {@code ./evaluate --labels}. */
@Path("/labels.csv")
@Tag(name = "Labels")
@ApplicationScoped
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class LabelExportResource {
    private final LabelService service;

    public LabelExportResource(LabelService service) {
        this.service = service;
    }

    @GET
    @Produces(LabelResource.TEXT_CSV)
    @Operation(summary = "Export confirmed events as a labels file",
            description = "The test-split events whose latest verdict is confirmed, in the Telemanom labels format:"
                    + " one row per channel, the events' [startIndex, endIndex] as sequences (overlapping events"
                    + " merged), class confirmed, num_values the channel's test length as far as the store knows it"
                    + " (latest test index + 1, or the furthest test event end + 1). Read by ./evaluate --labels.")
    @APIResponse(responseCode = "200", description = "The labels file",
            content = @Content(mediaType = LabelResource.TEXT_CSV, schema = @Schema(type = SchemaType.STRING)))
    public Uni<String> export() {
        return asProblem(service.exportConfirmed());
    }
}
