package space.telemetry.detector.service;

/**
 * A batch that is not processed at all, through no fault of its records: the committed state is not known yet, or the
 * batch starts after its partition's committed offset (the consumer was not moved back after a failed batch). Its
 * transaction is aborted, the consumer moved back to the committed offsets, and the records come again.
 */
public final class BatchRefused extends IllegalStateException {
    BatchRefused(String message) {
        super(message);
    }
}
