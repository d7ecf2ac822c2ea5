package space.telemetry.data;

import java.nio.file.Path;

/** A data file or directory that cannot be used; the message names the path and says what is wrong. */
public class DataFileException extends RuntimeException {
    private final transient Path path;
    private final String problem;

    public DataFileException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    public DataFileException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }

    /** The file or directory at fault. */
    public Path path() {
        return path;
    }
}
