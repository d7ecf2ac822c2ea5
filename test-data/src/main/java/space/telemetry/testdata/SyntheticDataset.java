package space.telemetry.testdata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import space.telemetry.contract.Spacecraft;
import space.telemetry.data.AnomalySequence;
import space.telemetry.data.LabelRow;
import space.telemetry.data.Labels;

/**
 * Writes a small Telemanom-shaped data directory with planted, clearly detectable anomalies in the test split, and
 * its {@code labeled_anomalies.csv}: what tests use when the NASA data is absent. Deterministic given the options.
 */
public final class SyntheticDataset {
    /** Standard deviation of the measurement noise of normal points. */
    public static final double NOISE_SIGMA = 0.05;

    /** The kinds of planted anomaly. */
    public enum Kind {
        /** The value jumps by about 0.9 (roughly 3 standard deviations of the series, 18 of the noise). */
        LEVEL_SHIFT("contextual"),
        /** Isolated spikes of 1.0 to 1.5 every few points. */
        SPIKES("point"),
        /** The noise standard deviation grows eightfold. */
        VARIANCE_BURST("contextual");

        private final String labelClass;

        Kind(String labelClass) {
            this.labelClass = labelClass;
        }

        /** The Telemanom class written to the labels file. */
        public String labelClass() {
            return labelClass;
        }
    }

    /**
     * What to generate.
     *
     * @param seed          seeds everything: the same options give the same files
     * @param trainRows     rows of each train array
     * @param testRows      rows of each test array (at least 400)
     * @param smapChannels  ids of the 25-column channels
     * @param mslChannels   ids of the 55-column channels
     * @param anomalies     planted anomalies per channel (1 to 3)
     */
    public record Options(long seed, int trainRows, int testRows, List<String> smapChannels, List<String> mslChannels,
            int anomalies) {
        public Options {
            smapChannels = List.copyOf(smapChannels);
            mslChannels = List.copyOf(mslChannels);
            if (trainRows < 1 || testRows < 400) {
                throw new IllegalArgumentException("need trainRows >= 1 and testRows >= 400");
            }
            if (anomalies < 1 || anomalies > 3) {
                throw new IllegalArgumentException("anomalies per channel must be 1 to 3, got " + anomalies);
            }
        }

        /** Three SMAP-like channels (SYN-1..3) and one MSL-like (SYNM-1); 2,000 train and 5,000 test rows each. */
        public static Options defaults(long seed) {
            return new Options(seed, 2000, 5000, List.of("SYN-1", "SYN-2", "SYN-3"), List.of("SYNM-1"), 2);
        }

        public Options withRows(int train, int test) {
            return new Options(seed, train, test, smapChannels, mslChannels, anomalies);
        }

        public Options withChannels(List<String> smap, List<String> msl) {
            return new Options(seed, trainRows, testRows, smap, msl, anomalies);
        }

        public Options withAnomalies(int perChannel) {
            return new Options(seed, trainRows, testRows, smapChannels, mslChannels, perChannel);
        }
    }

    private SyntheticDataset() {
    }

    /** Writes the default dataset into {@code dir} and returns its labels. */
    public static Labels write(Path dir, long seed) {
        return write(dir, Options.defaults(seed));
    }

    /** Writes {@code train/<id>.npy}, {@code test/<id>.npy} and {@code labeled_anomalies.csv}; returns the labels. */
    public static Labels write(Path dir, Options options) {
        List<LabelRow> rows = new ArrayList<>();
        int channelIndex = 0;
        for (String id : options.smapChannels()) {
            rows.add(writeChannel(dir, id, Spacecraft.SMAP, channelIndex++, options, rows.size() + 2));
        }
        for (String id : options.mslChannels()) {
            rows.add(writeChannel(dir, id, Spacecraft.MSL, channelIndex++, options, rows.size() + 2));
        }
        Labels labels = Labels.of(rows);
        labels.write(dir.resolve(Labels.FILE_NAME));
        return labels;
    }

    /** The kind of the k-th anomaly planted in the channel at {@code channelIndex} (in write order). */
    public static Kind kindOf(int channelIndex, int k) {
        return Kind.values()[(channelIndex + k) % Kind.values().length];
    }

    private static LabelRow writeChannel(Path dir, String id, Spacecraft spacecraft, int channelIndex,
            Options options, int line) {
        Random random = new Random(options.seed() * 1_000_003L + channelIndex * 7919L + 17);
        double period = 80 + random.nextInt(220);
        double amplitude = 0.3 + 0.3 * random.nextDouble();
        double offset = -0.2 + 0.4 * random.nextDouble();
        double phase = 2 * Math.PI * random.nextDouble();
        int columns = spacecraft.columns();

        List<AnomalySequence> sequences = plan(random, options.testRows(), options.anomalies());
        List<String> classes = new ArrayList<>();
        for (int k = 0; k < sequences.size(); k++) {
            classes.add(kindOf(channelIndex, k).labelClass());
        }
        double shift = (random.nextBoolean() ? 1 : -1) * (0.8 + 0.2 * random.nextDouble());

        double[][] train = new double[options.trainRows()][];
        double[][] test = new double[options.testRows()][];
        int total = options.trainRows() + options.testRows();
        for (int position = 0; position < total; position++) {
            double[] row = new double[columns];
            double value = offset + amplitude * Math.sin(2 * Math.PI * position / period + phase)
                    + NOISE_SIGMA * random.nextGaussian();
            int testIndex = position - options.trainRows();
            for (int k = 0; k < sequences.size(); k++) {
                AnomalySequence sequence = sequences.get(k);
                if (testIndex >= 0 && sequence.contains(testIndex)) {
                    value += anomaly(kindOf(channelIndex, k), testIndex - sequence.start(), shift, random);
                }
            }
            row[0] = value;
            if (random.nextDouble() < 0.01) {
                row[1 + random.nextInt(columns - 1)] = 1.0;
            }
            if (testIndex < 0) {
                train[position] = row;
            } else {
                test[testIndex] = row;
            }
        }
        NpyWriter.write(dir.resolve("train").resolve(id + ".npy"), train);
        NpyWriter.write(dir.resolve("test").resolve(id + ".npy"), test);
        return new LabelRow(id, spacecraft.name(), sequences, classes, options.testRows(), line);
    }

    private static double anomaly(Kind kind, long offsetInSequence, double shift, Random random) {
        switch (kind) {
            case LEVEL_SHIFT:
                return shift;
            case SPIKES:
                return offsetInSequence % 6 == 0 ? Math.signum(shift) * (1.0 + 0.5 * random.nextDouble()) : 0;
            case VARIANCE_BURST:
                return 7 * NOISE_SIGMA * random.nextGaussian() * (1 + random.nextDouble() * 0.5);
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** Non-overlapping sequences of 150-300 points (shorter on short series), after the first 15% of the test split. */
    private static List<AnomalySequence> plan(Random random, int testRows, int count) {
        List<AnomalySequence> sequences = new ArrayList<>();
        int first = testRows * 15 / 100;
        int slot = (testRows - first) / count;
        for (int k = 0; k < count; k++) {
            int maxLength = Math.min(300, slot / 2);
            int length = Math.max(20, Math.min(maxLength, 150 + random.nextInt(151)));
            int slotStart = first + k * slot;
            int start = slotStart + random.nextInt(Math.max(1, slot - length - slot / 8));
            sequences.add(new AnomalySequence(start, start + length - 1));
        }
        return sequences;
    }
}
