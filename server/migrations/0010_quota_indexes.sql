-- Daily quotas per device are counted from the rows themselves (so they
-- survive a restart and hold across instances), and per-case caps from the
-- case's rows: these indexes keep each count to the rows it counts.
CREATE INDEX petitions_by_device_received ON petitions(device_id, received_at);
CREATE INDEX resident_requests_by_device ON resident_requests(device_id, seq);
CREATE INDEX supplements_by_petition ON supplements(petition_id);
CREATE INDEX campaign_responses_by_device ON campaign_responses(device_id, received_at);
