-- One row per tally row from a government, court or law enforcement: num = demands refused,
-- den = demands decided (received minus pending).
SELECT period_id, request_type, refused AS num, requests - pending AS den
FROM ({% include "marts/request_counts_in_period.sql" %})
WHERE requester_type IN ('government', 'court', 'law_enforcement')
