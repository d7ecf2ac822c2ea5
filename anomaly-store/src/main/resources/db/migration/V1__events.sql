-- One row per anomaly event, upserted by id: a replayed event never duplicates a row and the row keeps the
-- version with the highest revision.
CREATE TABLE events (
    id             uuid             PRIMARY KEY,
    spacecraft     text             NOT NULL,
    channel        text             NOT NULL,
    detector       text             NOT NULL,
    split          text             NOT NULL CHECK (split IN ('train', 'test')),
    start_index    bigint           NOT NULL CHECK (start_index >= 0),
    end_index      bigint           NOT NULL CHECK (end_index >= start_index),
    detected_index bigint           NOT NULL,
    start_time     timestamptz      NOT NULL,
    end_time       timestamptz      NOT NULL,
    detected_time  timestamptz      NOT NULL,
    peak_score     double precision NOT NULL,
    threshold      double precision NOT NULL,
    state          text             NOT NULL CHECK (state IN ('open', 'closed')),
    revision       bigint           NOT NULL,
    created_at     timestamptz      NOT NULL DEFAULT now(),
    updated_at     timestamptz      NOT NULL DEFAULT now()
);

-- Filters of GET /anomalies and the newest-first order; the time-range filter uses start_time and end_time.
CREATE INDEX events_channel_idx    ON events (channel, start_time DESC);
CREATE INDEX events_spacecraft_idx ON events (spacecraft, start_time DESC);
CREATE INDEX events_detector_idx   ON events (detector, start_time DESC);
CREATE INDEX events_state_idx      ON events (state, start_time DESC);
CREATE INDEX events_start_time_idx ON events (start_time DESC, id DESC);
CREATE INDEX events_end_time_idx   ON events (end_time);
