package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A non-linear per-channel forecaster, closer to Telemanom's LSTM than the linear {@link ForecastDetector}: a small
 * multilayer perceptron (one tanh hidden layer) predicts the value from the previous {@code lags} values and the
 * point's command features. It is fitted once, at the end of the history (train split), with mini-batch Adam over a
 * fixed number of epochs from a seeded initialisation, so the fit is deterministic. The absolute errors are smoothed
 * (EWMA with {@code span}) and each smoothed error is scored as a z-score against the previous {@code window}
 * smoothed errors (from the test split; scored once {@code min-window} are there), as {@link ForecastDetector} does.
 *
 * <p>Why: a long lag window lets the model learn the shape of a channel's normal patterns (how long a pulse lasts,
 * how a periodic cycle turns), which the 3-lag linear forecasters cannot: a pulse of the usual height that lasts
 * twice its usual length, or a cycle whose shape changes, then produces a forecast error.
 *
 * <p>Ensemble: a single network's forecasts depend on its random initialisation and shuffling (on SMAP, seeds 1, 2, 3
 * alone catch 55, 59, 60 sequences). With {@code networks} = K, K networks are fitted on the same history, network k
 * (0 .. K-1) from seed {@code seed + k}, and the forecast is the mean of their K forecasts; K = 1 is the single
 * network.
 *
 * <p>The history is buffered to fit on: the last {@code buffer} points, values as floats and the command features as
 * bits (Telemanom's command features are one-hot; any non-zero feature counts as 1). After the fit the buffer is
 * dropped and the state is the weights plus the lag and error windows, kept compact so that a channel's checkpoint
 * stays under 64 KB: each network's first layer as 8-bit integers with one float scale per input row (about 4 KB
 * per network on MSL-sized rows; the forecasts use exactly these quantised weights), the smoothed errors of the
 * window at half precision (2 bytes each; the values scored and summed are the rounded ones). Both are exact on
 * restore. When the history is too short to fit ({@code lags + min-fit} points), test points are buffered too until
 * it is.
 */
public final class MlpForecastDetector implements Detector {
    private final int networks;
    private final long seed;
    private final int lags;
    private final int hidden;
    private final boolean useCommands;
    private final double alpha;
    private final double minError;
    private final int minWindow;
    private final int minFit;
    private final MlpTraining training;

    private final RollingWindow recent;
    private final MlpHistory history;
    private final RollingMoments errors; // smoothed errors at half precision ({@link HalfFloat})
    private boolean historyEnded;
    private MlpModel model; // null until fitted
    private MlpModel fitted; // a fit run elsewhere, for the next fit to take (see fitBefore)
    private double smoothed = Double.NaN;

    public MlpForecastDetector(int lags, int hidden, int epochs, double learningRate, int batch, long seed,
            boolean useCommands, int span, int window, int minWindow, double minError, int buffer, int minFit) {
        this(lags, hidden, epochs, learningRate, batch, seed, 1, useCommands, span, window, minWindow, minError,
                buffer, minFit);
    }

    /**
     * @param seed     base seed: network k (0 .. networks - 1) is initialised and shuffled from {@code seed + k}
     * @param networks networks fitted on the same history; the forecast is the mean of theirs
     */
    public MlpForecastDetector(int lags, int hidden, int epochs, double learningRate, int batch, long seed,
            int networks, boolean useCommands, int span, int window, int minWindow, double minError, int buffer,
            int minFit) {
        if (lags < 1 || hidden < 1 || epochs < 0 || learningRate <= 0 || batch < 1 || span < 1 || window < 2
                || buffer < lags + 2 || minFit < 2 || networks < 1) {
            throw new IllegalArgumentException("mlp-forecast: lags, hidden, batch, span, networks >= 1; epochs >= 0; "
                    + "learning-rate > 0; window >= 2; buffer > lags + 1; min-fit >= 2");
        }
        this.networks = networks;
        this.seed = seed;
        this.lags = lags;
        this.hidden = hidden;
        this.useCommands = useCommands;
        this.alpha = 2.0 / (span + 1.0);
        this.minError = minError;
        this.minWindow = Math.max(2, Math.min(minWindow, window));
        this.minFit = Math.min(minFit, buffer - lags);
        this.training = new MlpTraining(lags, hidden, epochs, learningRate, batch);
        this.recent = new RollingWindow(Math.max(2, lags));
        this.history = new MlpHistory(buffer);
        this.errors = RollingMoments.halfPrecision(window);
    }

    static MlpForecastDetector from(Params params) {
        int window = params.integer("window", 2000);
        return new MlpForecastDetector(params.integer("lags", 50), params.integer("hidden", 32),
                params.integer("epochs", 10), params.number("learning-rate", 1e-3), params.integer("batch", 32),
                params.integer("seed", 1), params.integer("networks", 1), params.bool("commands", true),
                params.integer("span", 30), window, params.integer("min-window", 200),
                params.number("min-error", 0.01), params.integer("buffer", 3000), params.integer("min-fit", 200));
    }

    @Override
    public double score(double value, double[] commands) {
        if (history.commandCount() < 0) {
            history.reset(useCommands ? commands.length : 0);
        }
        double result = Double.NaN;
        if (model == null) {
            history.add(value, commands);
            if (historyEnded && history.size() - lags >= minFit) {
                fit();
            }
        } else if (recent.size() >= lags) {
            double error = Math.abs(value - model.forecast(recent, commands, history.commandCount()));
            smoothed = Double.isNaN(smoothed) ? error : smoothed + alpha * (error - smoothed);
            result = windowScore(HalfFloat.round(smoothed));
        }
        recent.add(value);
        return result;
    }

    @Override
    public void endOfHistory() {
        historyEnded = true;
        if (model == null && history.commandCount() >= 0 && history.size() - lags >= minFit) {
            fit();
        }
    }

    @Override
    public Supplier<Object> fitBefore(DoubleSupplier value, double[] commands, boolean endsHistory) {
        if (model != null || !(historyEnded || endsHistory)) {
            return null;
        }
        // endOfHistory fits on the history as it is; score fits once the point is added, if it then has enough
        boolean enoughAsIs = endsHistory && history.commandCount() >= 0 && history.size() - lags >= minFit;
        if (!enoughAsIs && history.size() + 1 - lags < minFit) {
            return null; // too short even with this point (a full buffer always has enough): nothing to copy
        }
        MlpHistory frozen = history.copy();
        if (!enoughAsIs) {
            if (frozen.commandCount() < 0) {
                frozen.reset(useCommands ? commands.length : 0);
            }
            frozen.add(value.getAsDouble(), commands);
            if (frozen.size() - lags < minFit) {
                return null;
            }
        }
        MlpTraining fitter = training;
        long fitSeed = seed;
        int fitNetworks = networks;
        return () -> fitter.fit(frozen, fitSeed, fitNetworks);
    }

    @Override
    public void useFitted(Object fitted) {
        this.fitted = (MlpModel) fitted;
    }

    /** The forecast of the next point given its commands (NaN until fitted with enough lags); for tests. */
    double forecast(double[] commands) {
        return model == null || recent.size() < lags ? Double.NaN
                : model.forecast(recent, commands, history.commandCount());
    }

    /** z-score of a smoothed error against the window before it (NaN until min-window are there), then adds it. */
    private double windowScore(float error) { // error: rounded to half precision
        double score = errors.size() >= minWindow ? errors.excess(error, minError) : Double.NaN;
        errors.add(error);
        return score;
    }

    /** Fits the networks on the history, then drops it. */
    private void fit() {
        model = fitted != null ? fitted : training.fit(history, seed, networks);
        fitted = null;
        history.drop();
    }

    /**
     * The command count, whether the history ended, the lag window, then either the history (not fitted yet) or the
     * networks, the smoothed error and the window of smoothed errors.
     */
    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(history.commandCount());
        out.writeBoolean(historyEnded);
        recent.write(out);
        out.writeBoolean(model != null);
        if (model == null) {
            history.write(out);
            return;
        }
        model.write(out);
        out.writeDouble(smoothed);
        errors.write(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        history.reset(in.readInt());
        historyEnded = in.readBoolean();
        recent.read(in);
        if (!in.readBoolean()) {
            model = null;
            history.read(in);
            return;
        }
        history.drop();
        model = MlpModel.read(in, networks, lags, hidden);
        smoothed = in.readDouble();
        errors.read(in);
    }
}
