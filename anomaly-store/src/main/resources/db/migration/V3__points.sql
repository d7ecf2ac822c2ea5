-- Every point the detectors processed, with its per-point anomaly score and the threshold in force, stored by
-- anomaly-store from telemetry.scores in batches. Idempotent on (channel, split, idx): a re-delivered batch changes
-- nothing. Rows older than the retention setting are deleted by time.
CREATE TABLE points (
    channel   text             NOT NULL,
    split     text             NOT NULL CHECK (split IN ('train', 'test')),
    idx       bigint           NOT NULL CHECK (idx >= 0),
    time      timestamptz      NOT NULL CHECK (isfinite(time)),
    value     double precision NOT NULL,
    score     real             NOT NULL CHECK (score >= 0 AND score <= 1),
    threshold real             NOT NULL CHECK (threshold >= 0 AND threshold <= 1),
    PRIMARY KEY (channel, split, idx)
);
-- The series API and Grafana read a channel's points by time.
CREATE INDEX points_channel_time_idx ON points (channel, time);
-- Retention deletes by time alone; points arrive roughly in time order, so a BRIN index is small and enough.
CREATE INDEX points_time_brin ON points USING brin (time);

-- The latest point of each channel (GET /channels), upserted with each batch of points; a row only moves forward in
-- time, so a re-delivered older batch leaves it as it is.
CREATE TABLE channels (
    channel    text             PRIMARY KEY,
    spacecraft text             NOT NULL,
    last_split text             NOT NULL CHECK (last_split IN ('train', 'test')),
    last_index bigint           NOT NULL CHECK (last_index >= 0),
    last_time  timestamptz      NOT NULL CHECK (isfinite(last_time)),
    last_value double precision NOT NULL,
    last_score real             NOT NULL CHECK (last_score >= 0 AND last_score <= 1),
    threshold  real             NOT NULL CHECK (threshold >= 0 AND threshold <= 1),
    updated_at timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX channels_spacecraft_idx ON channels (spacecraft, channel);
