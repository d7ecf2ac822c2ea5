-- Operators' verdicts on anomaly events: every verdict is a new row (history, never overwritten); an event's verdict
-- is its latest row (highest id). An event with verdicts cannot be deleted without them (TRUNCATE events CASCADE).
CREATE TABLE verdicts (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   uuid        NOT NULL REFERENCES events (id),
    verdict    text        NOT NULL CHECK (verdict IN ('confirmed', 'false-alarm', 'expected')),
    note       text        CHECK (char_length(note) <= 2000),
    author     text        NOT NULL CHECK (char_length(author) BETWEEN 1 AND 256),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- An event's history newest first, and its latest verdict (the first row of this index for the event).
CREATE INDEX verdicts_event_idx ON verdicts (event_id, id DESC);

-- Known anomaly labels, imported from labels files in the Telemanom format (NASA's labeled_anomalies.csv or any
-- other): one row per labelled sequence, inclusive [start_index, end_index] of the channel's split. Re-importing a
-- file adds nothing: a sequence is unique per source, channel and split.
CREATE TABLE labels (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text        NOT NULL CHECK (char_length(source) BETWEEN 1 AND 128),
    channel     text        NOT NULL CHECK (char_length(channel) BETWEEN 1 AND 128),
    spacecraft  text        NOT NULL CHECK (char_length(spacecraft) BETWEEN 1 AND 128),
    split       text        NOT NULL CHECK (split IN ('train', 'test')),
    start_index bigint      NOT NULL CHECK (start_index >= 0),
    end_index   bigint      NOT NULL CHECK (end_index >= start_index),
    label_class text        NOT NULL CHECK (char_length(label_class) BETWEEN 1 AND 64),
    imported_at timestamptz NOT NULL DEFAULT now(),
    imported_by text        NOT NULL CHECK (char_length(imported_by) BETWEEN 1 AND 256),
    CONSTRAINT labels_sequence_unique UNIQUE (source, channel, split, start_index, end_index)
);
-- GET /labels?channel= and the labels of a series.
CREATE INDEX labels_channel_idx ON labels (channel, split, start_index);
