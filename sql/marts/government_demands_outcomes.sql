-- Four rows per tally row from a government, court or law enforcement, one per outcome:
-- num = demands with that outcome, den = demands received (so each outcome's shares add up to 1).
SELECT period_id, u.outcome, request_type, u.demands AS num, requests AS den
FROM ({% include "marts/request_counts_in_period.sql" %}) AS r,
     LATERAL (VALUES ('complied_fully', r.complied_fully), ('complied_partly', r.complied_partly),
                     ('refused', r.refused), ('pending', r.pending)) AS u(outcome, demands)
WHERE requester_type IN ('government', 'court', 'law_enforcement')
