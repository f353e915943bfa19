-- Per source and period: whether any delivery covers it (the coverage table people query).
SELECT s.source, p.period_id, p.fiscal_year, p.period_kind, p.period_start, p.period_end,
       EXISTS (SELECT 1 FROM marts.coverage AS c
               WHERE c.source = s.source AND c.covered_from <= p.period_end AND c.covered_to >= p.period_start)
           AS delivered
FROM marts.periods AS p CROSS JOIN (SELECT unnest($sources) AS source) AS s
ORDER BY s.source, p.period_start, p.period_kind DESC
