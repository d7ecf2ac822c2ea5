package space.telemetry.detection;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Seasonal novelty: a value far from the values at the same phase of the previous periods, for channels with a daily
 * or weekly rhythm, whose contextual anomalies (a missing peak, a changed daily shape) a forecaster over a few lags
 * does not see: it predicts the next value from the last ones whatever the phase.
 *
 * <p>The period is estimated once, causally, at the end of the history, from the autocorrelation of the last
 * {@code periods × max-period} history values: the lag in [{@code min-period}, {@code max-period}] (and at most half
 * the buffered history) whose autocorrelation is a local maximum that stands out most from the lowest
 * autocorrelation at a shorter lag. It must reach {@code min-acf}, and stand out by {@code min-acf} too (a random
 * walk's autocorrelation is high but falls monotonically: no period); otherwise the channel has no period and the
 * detector scores nothing (NaN). The reference of a value is the median of the values 1, 2, ... {@code periods}
 * periods back (those the buffer holds): a median, so that an anomaly one period ago does not echo a period later.
 * With {@code sub-period}, when a shorter qualifying peak divides the period (a day in a week), the median of the
 * values 1, 2, ... {@code periods} short periods back is a second reference, and the difference is the smaller of
 * the two: a Saturday matches the last Saturdays, a normal Tuesday the last days as well, a mid-week holiday neither
 * (a weekday shaped like a weekend day right after a weekend matches the last days: not an anomaly then).
 * The absolute difference from the reference, in units of the history's range (second smallest to second largest
 * value: free of the channel's units), is smoothed (EWMA with {@code span}) and scored as the z-score against the
 * previous {@code window} smoothed differences (floor {@code min-std}), 0 below their mean; the history's differences
 * fill the window at its end, so the first test points are judged against the channel's normal seasonal noise.
 *
 * <p>State: the last {@code periods × max-period} values, the error window (half precision), a few numbers.
 */
public final class SeasonalDetector implements Detector {
    private static final double MIN_RANGE = 1e-9; // relative to the values' magnitude: a channel constant so far

    private final int minPeriod;
    private final int maxPeriod;
    private final int periods;
    private final double minAcf;
    private final double alpha;
    private final int minWindow;
    private final double minStd;
    private final RollingWindow values; // the last periods * maxPeriod values
    private final RollingMoments errors; // smoothed differences, half precision
    private final Extremes seen = new Extremes(); // the history's range: the unit of differences
    private final boolean subPeriod;
    private final double[] scratch;

    private boolean historyEnded;
    private int period; // 0: none (or the history has not ended)
    private int shortPeriod; // with sub-period: a shorter period dividing it, else 0
    private double unit = Double.NaN; // the history's range, fixed at its end
    private double smoothed = Double.NaN;

    /**
     * @param minPeriod shortest period considered, in points (>= 2)
     * @param maxPeriod longest period considered, in points
     * @param periods   periods back whose values the reference is the median of (>= 2: the history buffer holds
     *                  {@code periods × max-period} values, and a period needs two in it)
     * @param minAcf    the period's autocorrelation, and its rise above the lowest one at a shorter lag, at least
     * @param span      EWMA span of the differences
     * @param window    smoothed differences the z-score is taken against
     * @param minWindow smoothed differences needed before a test point is scored
     * @param minStd    floor of their standard deviation, in units of the history's range
     */
    public SeasonalDetector(int minPeriod, int maxPeriod, int periods, double minAcf, int span, int window,
            int minWindow, double minStd) {
        this(minPeriod, maxPeriod, periods, minAcf, span, window, minWindow, minStd, false);
    }

    /**
     * @param subPeriod also a reference at a shorter period that divides the period (a day in a week), the difference
     *                  being the smaller of the two (see the class comment)
     */
    public SeasonalDetector(int minPeriod, int maxPeriod, int periods, double minAcf, int span, int window,
            int minWindow, double minStd, boolean subPeriod) {
        if (minPeriod < 2 || maxPeriod < minPeriod || periods < 2 || !(minAcf > 0 && minAcf < 1) || span < 1
                || window < 2 || minWindow < 2 || minWindow > window || !(minStd > 0)) {
            throw new IllegalArgumentException("seasonal: 2 <= min-period <= max-period, periods >= 2, "
                    + "0 < min-acf < 1, span >= 1, 2 <= min-window <= window, min-std > 0");
        }
        this.minPeriod = minPeriod;
        this.maxPeriod = maxPeriod;
        this.periods = periods;
        this.minAcf = minAcf;
        this.alpha = 2.0 / (span + 1.0);
        this.minWindow = minWindow;
        this.minStd = minStd;
        this.subPeriod = subPeriod;
        this.values = new RollingWindow(periods * maxPeriod);
        this.errors = RollingMoments.halfPrecision(window);
        this.scratch = new double[periods];
    }

    static SeasonalDetector from(Params params) {
        return new SeasonalDetector(params.integer("min-period", 12), params.integer("max-period", 400),
                params.integer("periods", 3), params.number("min-acf", 0.5), params.integer("span", 30),
                params.integer("window", 2000), params.integer("min-window", 200), params.number("min-std", 0.01),
                params.bool("sub-period", false));
    }

    /** The estimated period in points, 0 for none (always 0 before the end of the history). */
    public int period() {
        return period;
    }

    /** The shorter period whose reference is used too (with {@code sub-period}), 0 for none. */
    public int shortPeriod() {
        return shortPeriod;
    }

    @Override
    public double score(double value, double[] commands) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        if (!historyEnded) {
            seen.add(value);
            values.add(value);
            return Double.NaN;
        }
        double score = Double.NaN;
        if (period > 0) {
            double error = HalfFloat.round(Math.min(HalfFloat.MAX, difference(value, values.size())));
            smoothed = Double.isNaN(smoothed) ? error : smoothed + alpha * (error - smoothed);
            double rounded = HalfFloat.round(smoothed);
            if (errors.size() >= minWindow) {
                score = errors.excess(rounded, minStd);
            }
            errors.add(rounded);
        }
        values.add(value);
        return score;
    }

    /**
     * The difference from the period's reference (with a short period, the smaller of it and the difference from the
     * short period's) for a value that would follow the first {@code end} buffered values.
     */
    private double difference(double value, int end) {
        double difference = difference(value, end, period);
        return shortPeriod == 0 ? difference : Math.min(difference, difference(value, end, shortPeriod));
    }

    /** |value − median of the values 1..periods times {@code lag} before it| in units of the history's range. */
    private double difference(double value, int end, int lag) {
        int k = 0;
        for (int back = 1; back <= periods && end - back * lag >= 0; back++) {
            scratch[k++] = values.get(end - back * lag);
        }
        java.util.Arrays.sort(scratch, 0, k);
        double reference = (k % 2 == 1) ? scratch[k / 2] : 0.5 * (scratch[k / 2 - 1] + scratch[k / 2]);
        return Math.abs(value - reference) / unit;
    }

    @Override
    public void endOfHistory() {
        if (historyEnded) {
            return;
        }
        historyEnded = true;
        double magnitude = Math.max(1.0, Math.max(Math.abs(seen.low()), Math.abs(seen.high())));
        unit = Math.max(seen.spread(), MIN_RANGE * (seen.defined() ? magnitude : 1.0));
        estimatePeriods();
        if (period == 0) {
            return;
        }
        // the history's own differences (each against the values before it) fill the error window
        for (int i = period; i < values.size(); i++) {
            double error = HalfFloat.round(Math.min(HalfFloat.MAX, difference(values.get(i), i)));
            smoothed = Double.isNaN(smoothed) ? error : smoothed + alpha * (error - smoothed);
            errors.add(HalfFloat.round(smoothed));
        }
    }

    /**
     * Sets the period to the most prominent autocorrelation peak of the buffered history, or 0, and with
     * {@code sub-period} the short period to the most prominent peak that divides it, or 0 (see the class comment).
     */
    private void estimatePeriods() {
        int n = values.size();
        int longest = Math.min(maxPeriod, n / 2);
        if (longest < minPeriod + 1) {
            return;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += values.get(i);
        }
        mean /= n;
        double[] centred = new double[n];
        double variance = 0;
        for (int i = 0; i < n; i++) {
            centred[i] = values.get(i) - mean;
            variance += centred[i] * centred[i];
        }
        variance /= n;
        if (!(variance > 0)) {
            return;
        }
        double[] acf = new double[longest + 2];
        for (int lag = minPeriod - 1; lag <= longest + 1 && lag < n; lag++) {
            double s = 0;
            for (int i = 0; i + lag < n; i++) {
                s += centred[i] * centred[i + lag];
            }
            acf[lag] = s / (n - lag) / variance;
        }
        int best = 0;
        double bestRise = 0;
        double lowest = acf[minPeriod - 1];
        double[] rises = new double[longest + 1];
        for (int lag = minPeriod; lag <= longest; lag++) {
            lowest = Math.min(lowest, acf[lag - 1]);
            boolean peak = acf[lag] >= acf[lag - 1] && acf[lag] > acf[lag + 1];
            double rise = acf[lag] - lowest;
            if (peak && acf[lag] >= minAcf && rise >= minAcf) {
                rises[lag] = rise;
                if (rise > bestRise) {
                    best = lag;
                    bestRise = rise;
                }
            }
        }
        double shortRise = 0;
        for (int lag = minPeriod; subPeriod && lag <= best / 2; lag++) {
            if (best % lag == 0 && rises[lag] > shortRise) {
                shortPeriod = lag;
                shortRise = rises[lag];
            }
        }
        period = best;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeBoolean(historyEnded);
        out.writeInt(period);
        out.writeInt(shortPeriod);
        out.writeDouble(unit);
        out.writeDouble(smoothed);
        values.write(out);
        errors.write(out);
        seen.write(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        historyEnded = in.readBoolean();
        period = in.readInt();
        shortPeriod = in.readInt();
        unit = in.readDouble();
        smoothed = in.readDouble();
        values.read(in);
        errors.read(in);
        seen.read(in);
    }
}
