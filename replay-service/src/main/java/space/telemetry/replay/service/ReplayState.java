package space.telemetry.replay.service;

/** Life cycle of a replay. */
public enum ReplayState {
    RUNNING, COMPLETED, STOPPED, FAILED;

    public boolean finished() {
        return this != RUNNING;
    }
}
