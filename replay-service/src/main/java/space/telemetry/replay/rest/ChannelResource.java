package space.telemetry.replay.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import space.telemetry.data.Dataset;
import space.telemetry.data.DatasetChannel;
import space.telemetry.http.Roles;
import space.telemetry.replay.service.DatasetService;

/** Lists the channels of the configured dataset (Telemanom: from the NPY headers alone). */
@Path("/channels")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class ChannelResource {
    private final DatasetService datasets;

    public ChannelResource(DatasetService datasets) {
        this.datasets = datasets;
    }

    @GET
    @Operation(summary = "Channels with spacecraft, train/test row counts and columns",
            description = "A channel with a missing or malformed file is listed with its problem.")
    public List<ChannelView> list() {
        Dataset dataset = datasets.dataset();
        List<ChannelView> views = new ArrayList<>();
        for (DatasetChannel c : dataset.channels()) {
            views.add(new ChannelView(c.id(), c.source(), c.trainRows(), c.testRows(), c.columns(), null));
        }
        dataset.problems().forEach((id, problem) -> views.add(new ChannelView(id, null, null, null, null,
                datasets.describe(problem))));
        views.sort(Comparator.comparing(ChannelView::id));
        return views;
    }
}
