package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Stuck values: how long the value has stayed within {@code tolerance} of the value that started the current run,
 * relative to the longest such run of the channel's history (train split). Many telemetry anomalies are a sensor or
 * a mode that freezes where the channel normally keeps moving; a forecaster predicts a frozen value well, so its
 * error does not rise, but the run grows longer than anything the history showed.
 *
 * <p>The score is {@code run / max(longest history run, min-run)}; NaN during the history. A channel whose history
 * is mostly flat (its longest run covers more than {@code max-share} of the history) scores 0: flat is its normal
 * behaviour. With {@code levels} above 0 the reference is the longest history run at the current run's level (the
 * range [-1, 1] of the scaled values cut into that many bins): a binary channel that normally rests at its low level
 * but only pulses briefly to its high level is judged per level. State: a handful of numbers.
 */
public final class FlatRunDetector implements Detector {
    private final double tolerance;
    private final int minRun;
    private final double maxShare;
    private final long[] longestAt; // longest history run per level bin, or null

    private boolean historyEnded;
    private double anchor = Double.NaN; // value that started the current run
    private long run; // points in the current run
    private long longest; // longest run of the history
    private long historyPoints;

    public FlatRunDetector(double tolerance, int minRun, double maxShare) {
        this(tolerance, minRun, maxShare, 0);
    }

    public FlatRunDetector(double tolerance, int minRun, double maxShare, int levels) {
        if (tolerance < 0 || minRun < 1 || maxShare <= 0) {
            throw new IllegalArgumentException("flat-run: tolerance >= 0, min-run >= 1, max-share > 0");
        }
        this.tolerance = tolerance;
        this.minRun = minRun;
        this.maxShare = maxShare;
        if (levels < 0 || levels > 1000) {
            throw new IllegalArgumentException("flat-run: levels must be between 0 and 1000");
        }
        this.longestAt = levels > 0 ? new long[levels] : null;
    }

    private int level(double value) {
        int b = (int) Math.floor((value + 1.0) / 2.0 * longestAt.length);
        return Math.max(0, Math.min(longestAt.length - 1, b));
    }

    static FlatRunDetector from(Params params) {
        return new FlatRunDetector(params.number("tolerance", 0.002), params.integer("min-run", 20),
                params.number("max-share", 0.25), params.integer("levels", 0));
    }

    @Override
    public double score(double value, double[] commands) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        if (!Double.isNaN(anchor) && Math.abs(value - anchor) <= tolerance) {
            run++;
        } else {
            anchor = value;
            run = 1;
        }
        if (!historyEnded) {
            historyPoints++;
            longest = Math.max(longest, run);
            if (longestAt != null) {
                int b = level(anchor);
                longestAt[b] = Math.max(longestAt[b], run);
            }
            return Double.NaN;
        }
        if (longest > maxShare * historyPoints) {
            return 0.0;
        }
        long reference = longestAt != null ? longestAt[level(anchor)] : longest;
        return (double) run / Math.max(reference, minRun);
    }

    @Override
    public void endOfHistory() {
        historyEnded = true;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeBoolean(historyEnded);
        out.writeDouble(anchor);
        out.writeLong(run);
        out.writeLong(longest);
        out.writeLong(historyPoints);
        if (longestAt != null) {
            for (long l : longestAt) {
                out.writeLong(l);
            }
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        historyEnded = in.readBoolean();
        anchor = in.readDouble();
        run = in.readLong();
        longest = in.readLong();
        historyPoints = in.readLong();
        if (longestAt != null) {
            for (int i = 0; i < longestAt.length; i++) {
                longestAt[i] = in.readLong();
            }
        }
    }
}
