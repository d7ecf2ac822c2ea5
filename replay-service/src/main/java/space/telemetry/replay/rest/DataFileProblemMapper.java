package space.telemetry.replay.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import space.telemetry.data.DataFileException;
import space.telemetry.http.ProblemException;
import space.telemetry.http.ProblemMapper;
import space.telemetry.replay.service.DatasetService;

/** A missing data directory or a missing/malformed data file: 409, naming the file relative to the data directory. */
public class DataFileProblemMapper {
    private final DatasetService datasets;

    public DataFileProblemMapper(DatasetService datasets) {
        this.datasets = datasets;
    }

    @ServerExceptionMapper
    public Response dataFile(DataFileException e, UriInfo uri) {
        return ProblemMapper.response(new ProblemException(409, datasets.label() + " unavailable",
                datasets.describe(e)), uri);
    }
}
