package space.telemetry.detector.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detection.DetectorSpec;
import space.telemetry.detection.EventSettings;
import space.telemetry.detector.service.DetectionService;
import space.telemetry.http.Roles;

/** Read-only view of the running detection: its configuration and the channels it holds. */
@Path("/detectors")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class DetectorResource {
    private final DetectionConfig config;
    private final DetectionService detection;

    public DetectorResource(DetectionConfig config, DetectionService detection) {
        this.config = config;
        this.detection = detection;
    }

    /** The detection configuration in force. */
    public record DetectionView(String fingerprint, List<DetectorSpec> detectors, EventSettings events) {
    }

    @GET
    @Operation(summary = "The detectors every channel runs, the event settings and the configuration fingerprint")
    public DetectionView configuration() {
        return new DetectionView(config.fingerprint(), config.detectors(), config.events());
    }

    @GET
    @Path("/channels")
    @Operation(summary = "Channels whose detector state this instance holds in memory")
    public List<String> channels() {
        return detection.channelIds();
    }
}
