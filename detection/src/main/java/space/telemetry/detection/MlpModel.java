package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The fitted networks of an MLP forecaster (one tanh hidden layer each); the forecast is the mean of theirs. Each
 * network's first layer is kept as 8-bit integers with one float scale per input row (about 4 KB per network on
 * MSL-sized rows), and the forecasts use exactly these quantised weights, so a restored model is the original.
 */
final class MlpModel {
    private final Network[] networks;
    private final int lags;
    private final int hidden;
    private final double[] activations; // scratch

    MlpModel(Network[] networks, int lags, int hidden) {
        this.networks = networks;
        this.lags = lags;
        this.hidden = hidden;
        this.activations = new double[hidden];
    }

    /**
     * The mean of the networks' forecasts from the last {@code lags} values of {@code recent} and the point's
     * commands (each network accumulates its hidden units in the order the fit did).
     */
    double forecast(RollingWindow recent, double[] commands, int commandCount) {
        int n = recent.size();
        double sum = 0;
        for (Network net : networks) {
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
                out += tanh(a[h]) * net.w2[h];
            }
            sum += out;
        }
        return sum / networks.length;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(networks.length);
        for (Network net : networks) {
            net.write(out);
        }
    }

    static MlpModel read(DataInput in, int expectedNetworks, int lags, int hidden) throws IOException {
        int saved = in.readInt();
        if (saved != expectedNetworks) {
            throw new IOException("saved ensemble has " + saved + " networks, configured " + expectedNetworks);
        }
        Network[] restored = new Network[saved];
        for (int n = 0; n < saved; n++) {
            restored[n] = Network.read(in, hidden);
        }
        return new MlpModel(restored, lags, hidden);
    }

    /**
     * tanh from {@link Math#exp}, which the JIT compiles to a fast intrinsic ({@code Math.tanh} is the far slower
     * {@code StrictMath.tanh} on JDK 17, ~20% of a fit): within ~2e-16 of the exact value, and the same function
     * for the fit and the forecasts. {@code Math.exp} may differ by an ulp between JVM builds and CPUs, so the
     * streaming and the offline detection agree bit for bit on the same JVM and CPU (as the pods and the
     * evaluation's own runs), not across them.
     */
    static double tanh(double x) {
        double t = Math.exp(-2 * Math.abs(x));
        double magnitude = (1 - t) / (1 + t);
        return x < 0 ? -magnitude : magnitude;
    }

    /** One fitted network: first layer quantised ({@link #quantize}), the small hidden and output ones as floats. */
    static final class Network {
        private final float[] scale; // per input row: max |weight| / 127
        private final byte[] q1; // (lags + commands) x hidden, row-major
        private final float[] w1; // q1 * scale, the weights the forecasts use
        private final float[] b1;
        private final float[] w2;
        private final float b2;

        private Network(float[] scale, byte[] q1, float[] b1, float[] w2, float b2, int hidden) {
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

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
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
