package space.telemetry.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which part of a channel's series a point belongs to: the train split is history, the test split is scored. */
public enum Split {
    TRAIN, TEST;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static Split fromWire(String name) {
        for (Split split : values()) {
            if (split.wireName().equals(name)) {
                return split;
            }
        }
        throw new IllegalArgumentException("split must be 'train' or 'test', got '" + name + "'");
    }
}
