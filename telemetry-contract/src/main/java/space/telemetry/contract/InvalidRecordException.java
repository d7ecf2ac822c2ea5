package space.telemetry.contract;

/** A record that cannot be processed; its message is the reason written to the dead-letter topic. */
public class InvalidRecordException extends RuntimeException {
    public InvalidRecordException(String reason) {
        super(reason);
    }

    public InvalidRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
