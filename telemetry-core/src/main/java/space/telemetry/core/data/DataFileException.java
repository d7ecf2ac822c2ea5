package space.telemetry.core.data;

import java.nio.file.Path;

/** A data file or directory that cannot be used; the message names the path and says what is wrong. */
public class DataFileException extends RuntimeException {
    private final transient Path path;

    public DataFileException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public DataFileException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /** The file or directory at fault. */
    public Path path() {
        return path;
    }
}
