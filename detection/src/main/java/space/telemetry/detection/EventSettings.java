package space.telemetry.detection;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How scores become events, the same for every detector.
 *
 * @param minPoints    consecutive points above threshold before an event is raised
 * @param closeAfter   consecutive points at or below threshold after which an open event is closed
 * @param alertOnTrain whether the train split (history) may raise events; when false it only warms detectors up
 * @param testGrace    first test points that are never anomalous (0: none) when the test split begins with a jump in
 *                     time (a step more than twice the last one of the history). Telemanom's train and test splits
 *                     were recorded apart, so their first test points follow a jump that is an artefact of the data
 *                     set, not of the spacecraft (Telemanom likewise makes its first prediction at test index 250); a
 *                     series split where it continues (NAB, a user's CSV) is judged from its first test point
 * @param refractory   points after a channel's alarm during which no other event of the channel is raised (0: none)
 * @param promoteMuted whether an event muted by the refractory period is raised after all when its detector still
 *                     fires once the period is over (a new event from that point; it continues the paged incident,
 *                     so it starts no refractory period of its own); false: a muted event stays muted until it closes
 */
public record EventSettings(@JsonProperty("min-points") int minPoints, @JsonProperty("close-after") int closeAfter,
        @JsonProperty("alert-on-train") boolean alertOnTrain, @JsonProperty("test-grace") int testGrace,
        @JsonProperty("refractory") Integer refractory, @JsonProperty("promote-muted") Boolean promoteMuted) {

    public static final EventSettings DEFAULT = new EventSettings(1, 50, false, 0, 0, false);

    public EventSettings(int minPoints, int closeAfter, boolean alertOnTrain) {
        this(minPoints, closeAfter, alertOnTrain, 0, 0);
    }

    public EventSettings(int minPoints, int closeAfter, boolean alertOnTrain, int testGrace) {
        this(minPoints, closeAfter, alertOnTrain, testGrace, 0);
    }

    public EventSettings(int minPoints, int closeAfter, boolean alertOnTrain, int testGrace, Integer refractory) {
        this(minPoints, closeAfter, alertOnTrain, testGrace, refractory, false);
    }

    public EventSettings {
        if (testGrace < 0) {
            throw new IllegalArgumentException("events.test-grace must be >= 0, got " + testGrace);
        }
        refractory = refractory == null ? 0 : refractory; // optional in the YAML
        promoteMuted = promoteMuted != null && promoteMuted; // optional in the YAML
        if (refractory < 0) {
            throw new IllegalArgumentException("events.refractory must be >= 0, got " + refractory);
        }
        if (minPoints < 1) {
            throw new IllegalArgumentException("events.min-points must be >= 1, got " + minPoints);
        }
        if (closeAfter < 1) {
            throw new IllegalArgumentException("events.close-after must be >= 1, got " + closeAfter);
        }
    }
}
