package space.telemetry.replay.service;

import space.telemetry.http.ProblemException;

/** A refused replay request or an unknown replay, answered with its problem response. */
public class ReplayException extends ProblemException {
    private ReplayException(int status, String title, String detail) {
        super(status, title, detail);
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
}
