-- One row per case opened in the period for which the Crisis Response Protocol was activated.
SELECT p.period_id, c.category, 1 AS num, NULL AS den
FROM core.cases AS c
JOIN periods AS p ON c.opened_on BETWEEN p.period_start AND p.measured_on
WHERE c.crisis_protocol
