package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A per-channel forecaster in the spirit of Telemanom, linear instead of an LSTM: predicts each value from the
 * previous {@code lags} values and the point's command features (ridge regression), smooths the absolute
 * prediction errors with an exponentially weighted moving average, and scores the smoothed error against the
 * largest smoothed error the channel produced over its own history.
 *
 * <p>The model is learned from the history only: during the train split it accumulates the normal equations and
 * refits every {@code refit-every} points, so that every history point gets an out-of-sample (prequential) error;
 * the largest smoothed one (after {@code warmup} points) is the channel's reference error, and is what Telemanom's
 * pruning step compares anomalies with ("a sequence must stand out from the largest normal error"). At the end of
 * the history the model is fitted one last time and frozen. A score of 1 means "as bad as the worst moment of the
 * history"; the threshold is a multiple of that.
 *
 * <p>State is compact: the normal equations (upper triangle) while learning, then only the weights, the lag window
 * and a few numbers.
 */
public final class ForecastDetector implements Detector {
    private final int lags;
    private final boolean useCommands;
    private final boolean differenced; // predict the change from the previous value from the previous changes
    private final double ridge;
    private final double alpha;
    private final int refitEvery;
    private final int firstFit; // first prequential fit, then doubling until refitEvery (== refitEvery: off)
    private final int warmup;
    private final double minError;
    private final RollingMoments errorWindow; // recent smoothed errors, for the windowed z-score mode; else null
    private final int minWindow; // smoothed errors the window needs before test points are scored

    private final RollingWindow recent;
    private int dims; // 1 + lags + commands; 0 until the first point
    private boolean frozen; // the history has ended and the final model is fitted
    private long seen; // points with a complete lag window
    private double[] xtx; // upper triangle of X'X, row-major, while learning
    private double[] xty;
    private double[] weights; // null until the first fit
    private double smoothed = Double.NaN;
    private long errors; // prequential errors since the first fit
    private double reference; // largest smoothed error of the history (after warm-up)

    private double[] x; // scratch

    public ForecastDetector(int lags, boolean useCommands, double ridge, int span, int refitEvery, int warmup,
            double minError) {
        this(lags, useCommands, ridge, span, refitEvery, warmup, minError, 0, false, 0);
    }

    public ForecastDetector(int lags, boolean useCommands, double ridge, int span, int refitEvery, int warmup,
            double minError, int window) {
        this(lags, useCommands, ridge, span, refitEvery, warmup, minError, window, false, window);
    }

    /**
     * @param window 0 to score against the history's largest smoothed error; otherwise the score is the z-score of
     *               the smoothed error against the previous {@code window} smoothed errors (history included)
     * @param differenced predict the change {@code v(t) - v(t-1)} from the previous {@code lags} changes (and the
     *               commands) instead of the value from the previous values: the forecast then carries over to
     *               levels the history never visited (a channel constant in its train split predicts persistence)
     * @param minWindow smoothed errors the window must hold before test points are scored (at most {@code window});
     *               below {@code window}, channels with a short history are scored earlier in their test split
     */
    public ForecastDetector(int lags, boolean useCommands, double ridge, int span, int refitEvery, int warmup,
            double minError, int window, boolean differenced, int minWindow) {
        this(lags, useCommands, ridge, span, refitEvery, warmup, minError, window, differenced, minWindow, refitEvery);
    }

    /**
     * @param firstFit the first prequential fit of the history, after this many points, then at twice, four times
     *               ... as many while below {@code refitEvery}, then every {@code refitEvery} points (at most
     *               {@code refitEvery}; equal to it: fits every {@code refitEvery} points only). An earlier first fit
     *               gives a short history out-of-sample errors to judge its first test points against
     */
    public ForecastDetector(int lags, boolean useCommands, double ridge, int span, int refitEvery, int warmup,
            double minError, int window, boolean differenced, int minWindow, int firstFit) {
        if (lags < 1 || span < 1 || refitEvery < 1 || warmup < 0 || ridge < 0) {
            throw new IllegalArgumentException("forecast: lags, span, refit-every >= 1; warmup, ridge >= 0");
        }
        if (firstFit < 1 || firstFit > refitEvery) {
            throw new IllegalArgumentException("forecast: 1 <= first-fit <= refit-every");
        }
        this.firstFit = firstFit;
        this.lags = lags;
        this.useCommands = useCommands;
        this.differenced = differenced;
        this.ridge = ridge;
        this.alpha = 2.0 / (span + 1.0);
        this.refitEvery = refitEvery;
        this.warmup = warmup;
        this.minError = minError;
        this.recent = new RollingWindow(Math.max(2, differenced ? lags + 1 : lags));
        this.errorWindow = window > 0 ? RollingMoments.singlePrecision(window) : null; // 8 KB per 2,000, not 16
        this.minWindow = Math.max(2, Math.min(minWindow, window));
    }

    static ForecastDetector from(Params params) {
        int window = params.integer("window", 0);
        int refitEvery = params.integer("refit-every", 250);
        return new ForecastDetector(params.integer("lags", 10), params.bool("commands", true),
                params.number("ridge", 1e-3), params.integer("span", 50), refitEvery,
                params.integer("warmup", 500), params.number("min-error", 0.01), window,
                params.bool("differenced", false), params.integer("min-window", window),
                params.integer("first-fit", refitEvery));
    }

    @Override
    public double score(double value, double[] commands) {
        if (dims == 0) {
            dims = 1 + lags + (useCommands ? commands.length : 0);
            allocate();
        }
        double score = Double.NaN;
        if (recent.size() >= (differenced ? lags + 1 : lags)) {
            features(commands);
            double base = differenced ? recent.get(recent.size() - 1) : 0.0;
            if (weights != null) {
                double error = Math.abs(value - (base + dot(weights, x)));
                smoothed = Double.isNaN(smoothed) ? error : smoothed + alpha * (error - smoothed);
                errors++;
                if (errorWindow != null) {
                    score = windowScore(smoothed);
                } else if (frozen) {
                    score = smoothed / Math.max(reference, minError);
                } else if (errors > warmup) {
                    reference = Math.max(reference, smoothed);
                }
            }
            if (!frozen) {
                learn(value - base);
                seen++;
                if (fitDue(seen)) {
                    fit();
                }
            }
        }
        recent.add(value);
        return score;
    }

    /** Whether the history's model is refitted after {@code points} learned points. */
    private boolean fitDue(long points) {
        if (points % refitEvery == 0) {
            return true;
        }
        if (points >= refitEvery || points % firstFit != 0) {
            return false;
        }
        long multiple = points / firstFit;
        return (multiple & (multiple - 1)) == 0; // firstFit, 2 firstFit, 4 firstFit, ...
    }

    /**
     * z-score of a smoothed error against the window before it (NaN until full or in the history), then adds it; both
     * at single precision, as the window keeps it.
     */
    private double windowScore(double smoothedError) {
        double error = (float) smoothedError;
        double score = Double.NaN;
        if (frozen && errorWindow.size() >= minWindow) {
            score = errorWindow.excess(error, minError);
        }
        if (errors > warmup || frozen) {
            errorWindow.add(error);
        }
        return score;
    }

    @Override
    public void endOfHistory() {
        if (frozen || dims == 0) {
            return;
        }
        if (seen > lags + 1) {
            fit();
        }
        frozen = weights != null;
        if (frozen) {
            xtx = null;
            xty = null;
            if (errors <= warmup) { // a short history: no reference beyond the floor
                reference = Math.max(reference, minError);
            }
        }
    }

    private void allocate() {
        xtx = new double[dims * (dims + 1) / 2];
        xty = new double[dims];
        x = new double[dims];
    }

    private void features(double[] commands) {
        x[0] = 1.0;
        int n = recent.size();
        for (int k = 1; k <= lags; k++) {
            x[k] = differenced ? recent.get(n - k) - recent.get(n - k - 1) : recent.get(n - k);
        }
        if (useCommands) {
            System.arraycopy(commands, 0, x, 1 + lags, dims - 1 - lags);
        }
    }

    private void learn(double y) {
        int at = 0;
        for (int i = 0; i < dims; i++) {
            double xi = x[i];
            if (xi == 0.0) {
                at += dims - i;
                continue;
            }
            for (int j = i; j < dims; j++) {
                xtx[at++] += xi * x[j];
            }
            xty[i] += xi * y;
        }
    }

    /** Ridge solution of the accumulated normal equations (Cholesky); the bias is not penalised. */
    private void fit() {
        double[][] a = new double[dims][dims];
        int at = 0;
        for (int i = 0; i < dims; i++) {
            for (int j = i; j < dims; j++) {
                a[i][j] = xtx[at];
                a[j][i] = xtx[at];
                at++;
            }
        }
        double penalty = ridge * Math.max(1, seen);
        for (int i = 1; i < dims; i++) {
            a[i][i] += penalty;
        }
        a[0][0] += 1e-9 * Math.max(1, seen);
        // Cholesky in place (lower triangle)
        for (int j = 0; j < dims; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= a[j][k] * a[j][k];
            }
            if (d <= 1e-12) {
                d = 1e-12;
            }
            d = Math.sqrt(d);
            a[j][j] = d;
            for (int i = j + 1; i < dims; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= a[i][k] * a[j][k];
                }
                a[i][j] = s / d;
            }
        }
        double[] z = new double[dims];
        for (int i = 0; i < dims; i++) {
            double s = xty[i];
            for (int k = 0; k < i; k++) {
                s -= a[i][k] * z[k];
            }
            z[i] = s / a[i][i];
        }
        double[] w = new double[dims];
        for (int i = dims - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < dims; k++) {
                s -= a[k][i] * w[k];
            }
            w[i] = s / a[i][i];
        }
        weights = w;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        recent.write(out);
        out.writeInt(dims);
        out.writeBoolean(frozen);
        out.writeLong(seen);
        out.writeDouble(smoothed);
        out.writeLong(errors);
        out.writeDouble(reference);
        writeArray(out, frozen ? null : xtx);
        writeArray(out, frozen ? null : xty);
        writeArray(out, weights);
        if (errorWindow != null) {
            errorWindow.write(out);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        recent.read(in);
        dims = in.readInt();
        frozen = in.readBoolean();
        seen = in.readLong();
        smoothed = in.readDouble();
        errors = in.readLong();
        reference = in.readDouble();
        xtx = readArray(in);
        xty = readArray(in);
        weights = readArray(in);
        x = dims == 0 ? null : new double[dims];
        if (errorWindow != null) {
            errorWindow.read(in);
        }
    }

    static void writeArray(DataOutput out, double[] values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    static double[] readArray(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
