package space.telemetry.detection;

import java.util.Arrays;
import java.util.Random;

/**
 * Fits the networks of an MLP forecaster on its history: mini-batch Adam on the squared error over a fixed number
 * of epochs, each network from its own seed (initialisation and shuffling), so the fit is deterministic.
 */
final class MlpTraining {
    private final int lags;
    private final int hidden;
    private final int epochs;
    private final double learningRate;
    private final int batch;

    MlpTraining(int lags, int hidden, int epochs, double learningRate, int batch) {
        this.lags = lags;
        this.hidden = hidden;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.batch = batch;
    }

    /** Fits {@code networks} networks on the history, network k from seed {@code seed + k}. */
    MlpModel fit(MlpHistory history, long seed, int networks) {
        int d = lags + history.commandCount();
        int samples = history.size() - lags;
        double[] values = history.values();
        int[][] active = history.activeCommands(lags);
        MlpModel.Network[] fitted = new MlpModel.Network[networks];
        for (int n = 0; n < networks; n++) {
            fitted[n] = train(values, active, samples, d, seed + n);
        }
        return new MlpModel(fitted, lags, hidden);
    }

    /** One network from the given seed; its first layer is then quantised ({@link MlpModel.Network#quantize}). */
    private MlpModel.Network train(double[] values, int[][] active, int samples, int d, long networkSeed) {
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
                    Arrays.fill(g, 0.0);
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
                        h[k] = MlpModel.tanh(h[k]);
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
                // bias corrections as factors: one division per weight instead of three
                double rate = learningRate / (1 - StrictMath.pow(0.9, step));
                double unbias = 1 / (1 - StrictMath.pow(0.999, step));
                for (int p = 0; p < 4; p++) {
                    double[] w = params[p];
                    double[] gp = grads[p];
                    double[] mp = m[p];
                    double[] vp = v[p];
                    for (int i = 0; i < w.length; i++) {
                        double g = gp[i];
                        mp[i] = 0.9 * mp[i] + 0.1 * g;
                        vp[i] = 0.999 * vp[i] + 0.001 * g * g;
                        w[i] -= rate * mp[i] / (Math.sqrt(vp[i] * unbias) + 1e-8);
                    }
                }
            }
        }
        return MlpModel.Network.quantize(W1, B1, W2, B2[0], hidden);
    }
}
