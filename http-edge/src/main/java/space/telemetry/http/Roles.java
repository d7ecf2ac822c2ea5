package space.telemetry.http;

/** The roles a bearer token carries in its {@code groups} claim. */
public final class Roles {
    /** Reads: anomalies, channels, replay status, detector configuration. */
    public static final String VIEWER = "viewer";
    /** Starts and stops replays (and records verdicts); reads too. */
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
