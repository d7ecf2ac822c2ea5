package space.telemetry.replay.service;

/** A refused replay request or an unknown replay: carries the HTTP status and title of its problem response. */
public class ReplayException extends RuntimeException {
    private final int status;
    private final String title;

    public ReplayException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static ReplayException badRequest(String detail) {
        return new ReplayException(400, "Invalid replay request", detail);
    }

    public static ReplayException notFound(String detail) {
        return new ReplayException(404, "Replay not found", detail);
    }

    public static ReplayException conflict(String title, String detail) {
        return new ReplayException(409, title, detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
