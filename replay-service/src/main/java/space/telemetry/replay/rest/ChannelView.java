package space.telemetry.replay.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A channel of the data directory as GET /channels lists it; a channel whose files are missing or malformed has only
 * its id and the {@code problem}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelView(String id, String spacecraft, Long trainRows, Long testRows, Integer columns,
        String problem) {
}
