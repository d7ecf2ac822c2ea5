-- Last line of defence behind the store's own check (EventColumns): no event ends before it starts and no time is
-- +/-infinity. NOT VALID: enforced on every row inserted or updated from now on, without failing the migration on
-- rows stored before (check them with ALTER TABLE events VALIDATE CONSTRAINT ...).
ALTER TABLE events
    ADD CONSTRAINT events_start_before_end CHECK (start_time <= end_time) NOT VALID,
    ADD CONSTRAINT events_finite_times CHECK (isfinite(start_time) AND isfinite(end_time) AND isfinite(detected_time))
        NOT VALID;
