package space.telemetry.store.rest;

/** A request parameter that is well formed but not acceptable; answered with a 400 problem. */
public class InvalidParameterException extends RuntimeException {
    private final String parameter;

    public InvalidParameterException(String parameter, String reason) {
        super(reason);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
