package space.telemetry.contract;

import java.util.Locale;
import java.util.Optional;

/** The two Telemanom missions, with the column count of their arrays. */
public enum Spacecraft {
    /** Soil Moisture Active Passive satellite: 25 columns. */
    SMAP(25),
    /** Mars Science Laboratory rover: 55 columns. */
    MSL(55);

    private final int columns;

    Spacecraft(int columns) {
        this.columns = columns;
    }

    /** Columns of this mission's arrays (value + command features). */
    public int columns() {
        return columns;
    }

    /** The mission whose arrays have this many columns. */
    public static Optional<Spacecraft> byColumns(int columns) {
        for (Spacecraft spacecraft : values()) {
            if (spacecraft.columns == columns) {
                return Optional.of(spacecraft);
            }
        }
        return Optional.empty();
    }

    /** Case-insensitive lookup by name. */
    public static Optional<Spacecraft> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
