package space.telemetry.core.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Random;

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
 * <p>The history is buffered to fit on: the last {@code buffer} points, values as floats and the command features as
 * bits (Telemanom's command features are one-hot; any non-zero feature counts as 1). After the fit the buffer is
 * dropped and the state is the weights (as floats, which is what the forecasts use) plus the lag and error windows.
 * When the history is too short to fit ({@code lags + min-fit} points), test points are buffered too until it is.
 */
public final class MlpForecastDetector implements Detector {
    private final int lags;
    private final int hidden;
    private final int epochs;
    private final double learningRate;
    private final int batch;
    private final long seed;
    private final boolean useCommands;
    private final double alpha;
    private final double minError;
    private final int minWindow;
    private final int minFit;

    private final RollingWindow recent;
    private final float[] errorWindow; // ring of smoothed errors (as floats)
    private int errorSize;
    private int errorHead;
    private double errorSum;
    private double errorSumOfSquares;
    private int sinceRecompute;

    private final float[] bufferValues;
    private long[] bufferMasks; // words per point * capacity; null until the first point
    private int words; // mask words per point
    private int commandCount = -1; // -1 until the first point
    private int bufferSize;
    private int bufferHead;

    private boolean historyEnded;
    private float[] w1; // (lags + commands) x hidden, row-major; null until fitted
    private float[] b1;
    private float[] w2;
    private float b2;
    private double smoothed = Double.NaN;

    public MlpForecastDetector(int lags, int hidden, int epochs, double learningRate, int batch, long seed,
            boolean useCommands, int span, int window, int minWindow, double minError, int buffer, int minFit) {
        if (lags < 1 || hidden < 1 || epochs < 0 || learningRate <= 0 || batch < 1 || span < 1 || window < 2
                || buffer < lags + 2 || minFit < 2) {
            throw new IllegalArgumentException("mlp-forecast: lags, hidden, batch, span >= 1; epochs >= 0; "
                    + "learning-rate > 0; window >= 2; buffer > lags + 1; min-fit >= 2");
        }
        this.lags = lags;
        this.hidden = hidden;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.batch = batch;
        this.seed = seed;
        this.useCommands = useCommands;
        this.alpha = 2.0 / (span + 1.0);
        this.minError = minError;
        this.minWindow = Math.max(2, Math.min(minWindow, window));
        this.minFit = Math.min(minFit, buffer - lags);
        this.recent = new RollingWindow(Math.max(2, lags));
        this.errorWindow = new float[window];
        this.bufferValues = new float[buffer];
    }

    static MlpForecastDetector from(Params params) {
        int window = params.integer("window", 2000);
        return new MlpForecastDetector(params.integer("lags", 50), params.integer("hidden", 32),
                params.integer("epochs", 10), params.number("learning-rate", 1e-3), params.integer("batch", 32),
                params.integer("seed", 1), params.bool("commands", true), params.integer("span", 30), window,
                params.integer("min-window", 200), params.number("min-error", 0.01), params.integer("buffer", 3000),
                params.integer("min-fit", 200));
    }

    @Override
    public double score(double value, double[] commands) {
        if (commandCount < 0) {
            commandCount = useCommands ? commands.length : 0;
            words = Math.max(1, (commandCount + 63) / 64);
            bufferMasks = new long[bufferValues.length * words];
        }
        double result = Double.NaN;
        if (w1 == null) {
            buffer(value, commands);
            if (historyEnded && bufferSize - lags >= minFit) {
                fit();
            }
        } else if (recent.size() >= lags) {
            double error = Math.abs(value - predict(commands));
            smoothed = Double.isNaN(smoothed) ? error : smoothed + alpha * (error - smoothed);
            result = windowScore((float) smoothed);
        }
        recent.add(value);
        return result;
    }

    @Override
    public void endOfHistory() {
        historyEnded = true;
        if (w1 == null && commandCount >= 0 && bufferSize - lags >= minFit) {
            fit();
        }
    }

    private void buffer(double value, double[] commands) {
        int slot;
        if (bufferSize < bufferValues.length) {
            slot = (bufferHead + bufferSize) % bufferValues.length;
            bufferSize++;
        } else {
            slot = bufferHead;
            bufferHead = (bufferHead + 1) % bufferValues.length;
        }
        bufferValues[slot] = (float) value;
        int base = slot * words;
        for (int w = 0; w < words; w++) {
            bufferMasks[base + w] = 0L;
        }
        for (int c = 0; c < commandCount; c++) {
            if (commands[c] != 0.0) {
                bufferMasks[base + (c >>> 6)] |= 1L << (c & 63);
            }
        }
    }

    private double predict(double[] commands) {
        int n = recent.size();
        double out = b2;
        for (int h = 0; h < hidden; h++) {
            double a = b1[h];
            for (int k = 0; k < lags; k++) {
                a += recent.get(n - lags + k) * w1[k * hidden + h];
            }
            for (int c = 0; c < commandCount; c++) {
                if (commands[c] != 0.0) {
                    a += w1[(lags + c) * hidden + h];
                }
            }
            out += StrictMath.tanh(a) * w2[h];
        }
        return out;
    }

    /** z-score of a smoothed error against the window before it (NaN until min-window are there), then adds it. */
    private double windowScore(float error) {
        double score = Double.NaN;
        if (errorSize >= minWindow) {
            double mean = errorSum / errorSize;
            double variance = Math.max(0.0, errorSumOfSquares / errorSize - mean * mean);
            score = Math.max(0.0, error - mean) / Math.max(Math.sqrt(variance), minError);
        }
        if (errorSize < errorWindow.length) {
            errorWindow[(errorHead + errorSize) % errorWindow.length] = error;
            errorSize++;
        } else {
            float evicted = errorWindow[errorHead];
            errorWindow[errorHead] = error;
            errorHead = (errorHead + 1) % errorWindow.length;
            errorSum -= evicted;
            errorSumOfSquares -= (double) evicted * evicted;
        }
        errorSum += error;
        errorSumOfSquares += (double) error * error;
        if (++sinceRecompute >= errorWindow.length) { // bound the drift of the running sums
            errorSum = 0;
            errorSumOfSquares = 0;
            for (int i = 0; i < errorSize; i++) {
                double e = errorWindow[(errorHead + i) % errorWindow.length];
                errorSum += e;
                errorSumOfSquares += e * e;
            }
            sinceRecompute = 0;
        }
        return score;
    }

    /** Mini-batch Adam on the squared error over the buffered points; the weights are then rounded to floats. */
    private void fit() {
        int d = lags + commandCount;
        int samples = bufferSize - lags;
        double[] values = new double[bufferSize];
        for (int i = 0; i < bufferSize; i++) {
            values[i] = bufferValues[(bufferHead + i) % bufferValues.length];
        }
        int[][] active = new int[samples][];
        for (int s = 0; s < samples; s++) {
            int slot = ((bufferHead + s + lags) % bufferValues.length) * words;
            int count = 0;
            int[] on = new int[commandCount];
            for (int c = 0; c < commandCount; c++) {
                if ((bufferMasks[slot + (c >>> 6)] & (1L << (c & 63))) != 0) {
                    on[count++] = c;
                }
            }
            active[s] = java.util.Arrays.copyOf(on, count);
        }
        Random random = new Random(seed);
        double[] W1 = new double[d * hidden];
        double[] B1 = new double[hidden];
        double[] W2 = new double[hidden];
        double[] B2 = new double[1];
        double s1 = 1.0 / Math.sqrt(d);
        for (int i = 0; i < W1.length; i++) {
            W1[i] = random.nextGaussian() * s1;
        }
        double s2 = 1.0 / Math.sqrt(hidden);
        for (int i = 0; i < hidden; i++) {
            W2[i] = random.nextGaussian() * s2;
        }
        double[][] params = {W1, B1, W2, B2};
        double[][] grads = new double[4][];
        double[][] m = new double[4][];
        double[][] v = new double[4][];
        for (int p = 0; p < 4; p++) {
            grads[p] = new double[params[p].length];
            m[p] = new double[params[p].length];
            v[p] = new double[params[p].length];
        }
        int[] order = new int[samples];
        for (int i = 0; i < samples; i++) {
            order[i] = i;
        }
        double[] h = new double[hidden];
        double[] gh = new double[hidden];
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = samples - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start < samples; start += batch) {
                int end = Math.min(samples, start + batch);
                for (double[] g : grads) {
                    java.util.Arrays.fill(g, 0.0);
                }
                for (int b = start; b < end; b++) {
                    int s = order[b];
                    for (int k = 0; k < hidden; k++) {
                        double a = B1[k];
                        for (int l = 0; l < lags; l++) {
                            a += values[s + l] * W1[l * hidden + k];
                        }
                        for (int c : active[s]) {
                            a += W1[(lags + c) * hidden + k];
                        }
                        h[k] = StrictMath.tanh(a);
                    }
                    double out = B2[0];
                    for (int k = 0; k < hidden; k++) {
                        out += h[k] * W2[k];
                    }
                    double g = (out - values[s + lags]) / (end - start);
                    grads[3][0] += g;
                    for (int k = 0; k < hidden; k++) {
                        grads[2][k] += g * h[k];
                        gh[k] = g * W2[k] * (1 - h[k] * h[k]);
                        grads[1][k] += gh[k];
                    }
                    for (int l = 0; l < lags; l++) {
                        double x = values[s + l];
                        int row = l * hidden;
                        for (int k = 0; k < hidden; k++) {
                            grads[0][row + k] += x * gh[k];
                        }
                    }
                    for (int c : active[s]) {
                        int row = (lags + c) * hidden;
                        for (int k = 0; k < hidden; k++) {
                            grads[0][row + k] += gh[k];
                        }
                    }
                }
                step++;
                double c1 = 1 - Math.pow(0.9, step);
                double c2 = 1 - Math.pow(0.999, step);
                for (int p = 0; p < 4; p++) {
                    double[] w = params[p];
                    for (int i = 0; i < w.length; i++) {
                        double g = grads[p][i];
                        m[p][i] = 0.9 * m[p][i] + 0.1 * g;
                        v[p][i] = 0.999 * v[p][i] + 0.001 * g * g;
                        w[i] -= learningRate * (m[p][i] / c1) / (Math.sqrt(v[p][i] / c2) + 1e-8);
                    }
                }
            }
        }
        w1 = toFloats(W1);
        b1 = toFloats(B1);
        w2 = toFloats(W2);
        b2 = (float) B2[0];
        bufferMasks = new long[0]; // the buffer is no longer needed
        bufferSize = 0;
        bufferHead = 0;
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(commandCount);
        out.writeBoolean(historyEnded);
        recent.write(out);
        out.writeBoolean(w1 != null);
        if (w1 == null) {
            out.writeInt(bufferSize);
            for (int i = 0; i < bufferSize; i++) {
                int slot = (bufferHead + i) % bufferValues.length;
                out.writeFloat(bufferValues[slot]);
                for (int w = 0; w < words; w++) {
                    out.writeLong(bufferMasks[slot * words + w]);
                }
            }
            return;
        }
        writeFloats(out, w1);
        writeFloats(out, b1);
        writeFloats(out, w2);
        out.writeFloat(b2);
        out.writeDouble(smoothed);
        out.writeInt(errorSize);
        for (int i = 0; i < errorSize; i++) {
            out.writeFloat(errorWindow[(errorHead + i) % errorWindow.length]);
        }
        out.writeDouble(errorSum);
        out.writeDouble(errorSumOfSquares);
        out.writeInt(sinceRecompute);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        commandCount = in.readInt();
        historyEnded = in.readBoolean();
        recent.read(in);
        words = Math.max(1, (commandCount + 63) / 64);
        bufferHead = 0;
        errorHead = 0;
        if (!in.readBoolean()) {
            w1 = null;
            bufferMasks = commandCount < 0 ? null : new long[bufferValues.length * words];
            bufferSize = in.readInt();
            for (int i = 0; i < bufferSize; i++) {
                bufferValues[i] = in.readFloat();
                for (int w = 0; w < words; w++) {
                    bufferMasks[i * words + w] = in.readLong();
                }
            }
            return;
        }
        bufferMasks = new long[0];
        bufferSize = 0;
        w1 = readFloats(in);
        b1 = readFloats(in);
        w2 = readFloats(in);
        b2 = in.readFloat();
        smoothed = in.readDouble();
        errorSize = in.readInt();
        if (errorSize > errorWindow.length) {
            throw new IOException("saved error window holds " + errorSize + " points, configured " + errorWindow.length);
        }
        for (int i = 0; i < errorSize; i++) {
            errorWindow[i] = in.readFloat();
        }
        errorSum = in.readDouble();
        errorSumOfSquares = in.readDouble();
        sinceRecompute = in.readInt();
    }

    private static void writeFloats(DataOutput out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInput in) throws IOException {
        int n = in.readInt();
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
