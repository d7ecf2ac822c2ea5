package space.telemetry.detection;

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
    private final int lags;
    private final int hidden;
    private final int epochs;
    private final double learningRate;
    private final int batch;
    private final long seed;
    private final int networks;
    private final boolean useCommands;
    private final double alpha;
    private final double minError;
    private final int minWindow;
    private final int minFit;

    private final RollingWindow recent;
    private final short[] errorWindow; // ring of smoothed errors, as half-precision floats (see toHalf)
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
    private Network[] ensemble; // null until fitted
    private final double[] activations; // scratch for predict
    private double smoothed = Double.NaN;

    /**
     * One fitted network. The first layer is kept as 8-bit integers with one scale per input row (that is what the
     * forecasts use, so a restored network is exactly the original); the small hidden and output layers as floats.
     */
    private static final class Network {
        final float[] scale; // per input row: max |weight| / 127
        final byte[] q1; // (lags + commands) x hidden, row-major
        final float[] w1; // q1 * scale, the weights the forecasts use
        final float[] b1;
        final float[] w2;
        final float b2;

        Network(float[] scale, byte[] q1, float[] b1, float[] w2, float b2, int hidden) {
            this.scale = scale;
            this.q1 = q1;
            this.b1 = b1;
            this.w2 = w2;
            this.b2 = b2;
            this.w1 = new float[q1.length];
            for (int i = 0; i < q1.length; i++) {
                w1[i] = q1[i] * scale[i / hidden];
            }
        }

        static Network quantize(double[] w1, double[] b1, double[] w2, double b2, int hidden) {
            int rows = w1.length / hidden;
            float[] scale = new float[rows];
            byte[] q1 = new byte[w1.length];
            for (int r = 0; r < rows; r++) {
                double max = 0;
                for (int k = 0; k < hidden; k++) {
                    max = Math.max(max, Math.abs(w1[r * hidden + k]));
                }
                scale[r] = (float) (max / 127.0);
                if (scale[r] > 0) {
                    for (int k = 0; k < hidden; k++) {
                        long q = Math.round(w1[r * hidden + k] / scale[r]);
                        q1[r * hidden + k] = (byte) Math.max(-127, Math.min(127, q));
                    }
                }
            }
            return new Network(scale, q1, toFloats(b1), toFloats(w2), (float) b2, hidden);
        }

        void write(DataOutput out) throws IOException {
            writeFloats(out, scale);
            out.writeInt(q1.length);
            out.write(q1);
            writeFloats(out, b1);
            writeFloats(out, w2);
            out.writeFloat(b2);
        }

        static Network read(DataInput in, int hidden) throws IOException {
            float[] scale = readFloats(in);
            byte[] q1 = new byte[in.readInt()];
            in.readFully(q1);
            if (q1.length != scale.length * hidden) {
                throw new IOException("saved network has " + q1.length + " weights for " + scale.length + " rows");
            }
            float[] b1 = readFloats(in);
            float[] w2 = readFloats(in);
            return new Network(scale, q1, b1, w2, in.readFloat(), hidden);
        }
    }

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
        this.activations = new double[hidden];
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
        this.errorWindow = new short[window];
        this.bufferValues = new float[buffer];
    }

    static MlpForecastDetector from(Params params) {
        int window = params.integer("window", 2000);
        return new MlpForecastDetector(params.integer("lags", 50), params.integer("hidden", 32),
                params.integer("epochs", 10), params.number("learning-rate", 1e-3), params.integer("batch", 32),
                params.integer("seed", 1), params.integer("networks", 1), params.bool("commands", true), params.integer("span", 30), window,
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
        if (ensemble == null) {
            buffer(value, commands);
            if (historyEnded && bufferSize - lags >= minFit) {
                fit();
            }
        } else if (recent.size() >= lags) {
            double error = Math.abs(value - predict(commands));
            smoothed = Double.isNaN(smoothed) ? error : smoothed + alpha * (error - smoothed);
            result = windowScore(roundToHalf(smoothed));
        }
        recent.add(value);
        return result;
    }

    @Override
    public void endOfHistory() {
        historyEnded = true;
        if (ensemble == null && commandCount >= 0 && bufferSize - lags >= minFit) {
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

    /** The forecast of the next point given its commands (NaN until fitted with enough lags); for tests. */
    double forecast(double[] commands) {
        return ensemble == null || recent.size() < lags ? Double.NaN : predict(commands);
    }

    /** The mean of the networks' forecasts (each accumulates its hidden units in the order the fit did). */
    private double predict(double[] commands) {
        int n = recent.size();
        double sum = 0;
        for (Network net : ensemble) {
            double[] a = activations;
            for (int h = 0; h < hidden; h++) {
                a[h] = net.b1[h];
            }
            for (int k = 0; k < lags; k++) {
                double x = recent.get(n - lags + k);
                int row = k * hidden;
                for (int h = 0; h < hidden; h++) {
                    a[h] += x * net.w1[row + h];
                }
            }
            for (int c = 0; c < commandCount; c++) {
                if (commands[c] != 0.0) {
                    int row = (lags + c) * hidden;
                    for (int h = 0; h < hidden; h++) {
                        a[h] += net.w1[row + h];
                    }
                }
            }
            double out = net.b2;
            for (int h = 0; h < hidden; h++) {
                out += StrictMath.tanh(a[h]) * net.w2[h];
            }
            sum += out;
        }
        return sum / ensemble.length;
    }

    /** z-score of a smoothed error against the window before it (NaN until min-window are there), then adds it. */
    private double windowScore(float error) { // error: rounded to half precision
        double score = Double.NaN;
        if (errorSize >= minWindow) {
            double mean = errorSum / errorSize;
            double variance = Math.max(0.0, errorSumOfSquares / errorSize - mean * mean);
            score = Math.max(0.0, error - mean) / Math.max(Math.sqrt(variance), minError);
        }
        if (errorSize < errorWindow.length) {
            errorWindow[(errorHead + errorSize) % errorWindow.length] = toHalf(error);
            errorSize++;
        } else {
            float evicted = fromHalf(errorWindow[errorHead]);
            errorWindow[errorHead] = toHalf(error);
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
                double e = fromHalf(errorWindow[(errorHead + i) % errorWindow.length]);
                errorSum += e;
                errorSumOfSquares += e * e;
            }
            sinceRecompute = 0;
        }
        return score;
    }

    /** Fits the networks on the buffered points, then drops the buffer. */
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
        Network[] fitted = new Network[networks];
        for (int n = 0; n < networks; n++) {
            fitted[n] = train(values, active, samples, d, seed + n);
        }
        ensemble = fitted;
        bufferMasks = new long[0]; // the buffer is no longer needed
        bufferSize = 0;
        bufferHead = 0;
    }

    /**
     * Mini-batch Adam on the squared error over the buffered samples, from the given seed (initialisation and
     * shuffling); the first layer is then quantised to 8 bits per weight ({@link Network}).
     */
    private Network train(double[] values, int[][] active, int samples, int d, long networkSeed) {
        Random random = new Random(networkSeed);
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
                    System.arraycopy(B1, 0, h, 0, hidden); // each unit sums bias, lags, commands in that order
                    for (int l = 0; l < lags; l++) {
                        double x = values[s + l];
                        int row = l * hidden;
                        for (int k = 0; k < hidden; k++) {
                            h[k] += x * W1[row + k];
                        }
                    }
                    for (int c : active[s]) {
                        int row = (lags + c) * hidden;
                        for (int k = 0; k < hidden; k++) {
                            h[k] += W1[row + k];
                        }
                    }
                    for (int k = 0; k < hidden; k++) {
                        h[k] = StrictMath.tanh(h[k]);
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
                double c1 = 1 - StrictMath.pow(0.9, step);
                double c2 = 1 - StrictMath.pow(0.999, step);
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
        return Network.quantize(W1, B1, W2, B2[0], hidden);
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
        out.writeBoolean(ensemble != null);
        if (ensemble == null) {
            out.writeInt(bufferSize);
            for (int i = 0; i < bufferSize; i++) {
                out.writeFloat(bufferValues[(bufferHead + i) % bufferValues.length]);
            }
            for (int i = 0; i < bufferSize; i++) { // commands are sparse: only the points with one, by position
                int slot = (bufferHead + i) % bufferValues.length;
                if (hasCommand(slot)) {
                    out.writeInt(i);
                    for (int w = 0; w < words; w++) {
                        out.writeLong(bufferMasks[slot * words + w]);
                    }
                }
            }
            out.writeInt(-1);
            return;
        }
        out.writeInt(ensemble.length);
        for (Network net : ensemble) {
            net.write(out);
        }
        out.writeDouble(smoothed);
        out.writeInt(errorSize);
        for (int i = 0; i < errorSize; i++) {
            out.writeShort(errorWindow[(errorHead + i) % errorWindow.length]);
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
            ensemble = null;
            bufferMasks = commandCount < 0 ? null : new long[bufferValues.length * words];
            bufferSize = in.readInt();
            if (bufferSize > bufferValues.length) {
                throw new IOException("saved buffer holds " + bufferSize + " points, configured " + bufferValues.length);
            }
            for (int i = 0; i < bufferSize; i++) {
                bufferValues[i] = in.readFloat();
            }
            for (int i = in.readInt(); i >= 0; i = in.readInt()) {
                for (int w = 0; w < words; w++) {
                    bufferMasks[i * words + w] = in.readLong();
                }
            }
            return;
        }
        bufferMasks = new long[0];
        bufferSize = 0;
        int saved = in.readInt();
        if (saved != networks) {
            throw new IOException("saved ensemble has " + saved + " networks, configured " + networks);
        }
        Network[] restored = new Network[saved];
        for (int n = 0; n < saved; n++) {
            restored[n] = Network.read(in, hidden);
        }
        ensemble = restored;
        smoothed = in.readDouble();
        errorSize = in.readInt();
        if (errorSize > errorWindow.length) {
            throw new IOException("saved error window holds " + errorSize + " points, configured " + errorWindow.length);
        }
        for (int i = 0; i < errorSize; i++) {
            errorWindow[i] = in.readShort();
        }
        errorSum = in.readDouble();
        errorSumOfSquares = in.readDouble();
        sinceRecompute = in.readInt();
    }

    private boolean hasCommand(int slot) {
        for (int w = 0; w < words; w++) {
            if (bufferMasks[slot * words + w] != 0L) {
                return true;
            }
        }
        return false;
    }

    /**
     * Rounds a non-negative error to IEEE half precision (11 significant bits, about 0.05%; clamped to the largest
     * half, 65504): the error window keeps 2 bytes per point, and the values scored and summed are these rounded
     * ones, so a restored window is exactly the original.
     */
    static float roundToHalf(double error) {
        float f = (float) Math.min(Math.max(error, 0.0), 65504.0);
        if (f < 0x1p-14f) { // subnormal halves: a fixed step of 2^-24
            return (float) (Math.rint(f * 0x1p24) * 0x1p-24);
        }
        double step = Math.scalb(1.0, Math.getExponent(f) - 10);
        return (float) Math.min(Math.rint(f / step) * step, 65504.0);
    }

    /** The half-precision bits of a value {@link #roundToHalf} returned. */
    static short toHalf(float rounded) {
        if (rounded < 0x1p-14f) {
            return (short) Math.rint(rounded * 0x1p24);
        }
        int exponent = Math.getExponent(rounded) + 15;
        int mantissa = (Float.floatToRawIntBits(rounded) >>> 13) & 0x3ff;
        return (short) ((exponent << 10) | mantissa);
    }

    static float fromHalf(short bits) {
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            return (float) (mantissa * 0x1p-24);
        }
        return Float.intBitsToFloat(((exponent - 15 + 127) << 23) | (mantissa << 13));
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
