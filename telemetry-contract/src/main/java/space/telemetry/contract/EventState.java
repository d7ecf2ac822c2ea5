package space.telemetry.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Life cycle of an anomaly event: raised while the detector still fires, closed once it has calmed down. */
public enum EventState {
    OPEN, CLOSED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static EventState fromWire(String name) {
        for (EventState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("state must be 'open' or 'closed', got '" + name + "'");
    }
}
