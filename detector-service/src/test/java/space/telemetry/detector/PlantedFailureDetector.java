package space.telemetry.detector;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import space.telemetry.detection.Detector;
import space.telemetry.detection.DetectorType;
import space.telemetry.detection.Params;

/**
 * A test detector that never fires but fails on purpose: scoring a point whose first command feature is
 * {@code fail-on-command} throws, and once it has seen a second command feature equal to
 * {@code fail-checkpoint-after-command} its state can no longer be written.
 */
public class PlantedFailureDetector implements Detector, DetectorType {
    private final double failOnValue;
    private final double failCheckpointAfterValue;
    private boolean unwritable;

    public PlantedFailureDetector() {
        this(Double.NaN, Double.NaN);
    }

    private PlantedFailureDetector(double failOnValue, double failCheckpointAfterValue) {
        this.failOnValue = failOnValue;
        this.failCheckpointAfterValue = failCheckpointAfterValue;
    }

    @Override
    public String name() {
        return "planted-failure";
    }

    @Override
    public Detector create(Params params) {
        return new PlantedFailureDetector(params.number("fail-on-command", Double.NaN),
                params.number("fail-checkpoint-after-command", Double.NaN));
    }

    @Override
    public double score(double value, double[] commands) {
        if (commands.length > 1 && commands[0] == failOnValue) {
            throw new IllegalStateException("planted failure on command " + commands[0]);
        }
        unwritable |= commands.length > 1 && commands[1] == failCheckpointAfterValue;
        return 0;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        if (unwritable) {
            throw new IOException("planted checkpoint failure");
        }
        out.writeBoolean(false);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        unwritable = in.readBoolean();
    }
}
