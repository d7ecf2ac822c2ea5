package space.telemetry.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import space.telemetry.data.csv.CsvDataset;
import space.telemetry.data.nab.NabDataset;

/** The layouts a dataset directory may have, and how each is opened. */
public enum DatasetKind {
    /** NASA's Telemanom layout: train/ and test/ NPY arrays, labeled_anomalies.csv; no timestamps. */
    TELEMANOM,
    /** The NAB corpus: data/&lt;category&gt;/&lt;name&gt;.csv and labels/combined_windows.json; source NAB. */
    NAB,
    /** A user's series: one {@code <channel>.csv} per channel with {@code timestamp,value[,...]}. */
    CSV;

    /** The kind by name, case-insensitively ({@code telemanom}, {@code nab} or {@code csv}). */
    public static DatasetKind parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("dataset kind is one of " + Arrays.stream(values())
                    .map(DatasetKind::wireName).toList() + ", not '" + name + "'");
        }
    }

    /** The name in configuration and on the command line. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Opens a directory of this kind, keeping the usable channels and listing the others as problems where the
     * layout allows (a NAB corpus is read whole: any malformed file is an error).
     *
     * @param source the source name of a CSV dataset's channels (ignored by the other kinds)
     * @throws DataFileException when the directory itself is missing or unusable
     */
    public Dataset scan(Path dir, String source) {
        return switch (this) {
            case TELEMANOM -> TelemanomDataset.scan(dir);
            case NAB -> NabDataset.open(dir);
            case CSV -> CsvDataset.scan(dir, source);
        };
    }
}
