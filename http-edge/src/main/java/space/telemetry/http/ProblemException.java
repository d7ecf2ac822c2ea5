package space.telemetry.http;

import java.time.Duration;

/** A request the service refuses or cannot serve: answered with the problem it describes. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final String parameter;
    private final Duration retryAfter;

    public ProblemException(int status, String type, String title, String detail, String parameter,
            Duration retryAfter) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.parameter = parameter;
        this.retryAfter = retryAfter;
    }

    public ProblemException(int status, String title, String detail) {
        this(status, Problem.BLANK, title, detail, null, null);
    }

    /** 400: the parameter (or body field) {@code name} is not acceptable. */
    public static ProblemException invalidParameter(String name, String reason) {
        return new ProblemException(400, Problem.INVALID_PARAMETER, "Invalid request parameter", reason, name,
                null);
    }

    /** 404: nothing under the requested id. */
    public static ProblemException notFound(String title, String detail) {
        return new ProblemException(404, Problem.NOT_FOUND, title, detail, null, null);
    }

    /** 503: a dependency of the service is down; the client may retry after {@code retryAfter}. */
    public static ProblemException unavailable(String detail, Duration retryAfter, Throwable cause) {
        ProblemException e = new ProblemException(503, Problem.BLANK, "Service Unavailable", detail, null,
                retryAfter);
        e.initCause(cause);
        return e;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The offending parameter, or null. */
    public String parameter() {
        return parameter;
    }

    /** How long a client should wait before retrying, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
