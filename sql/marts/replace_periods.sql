-- The period dimension, from the fiscal calendar (registered as calendar_periods).
DELETE FROM marts.periods;
INSERT INTO marts.periods BY NAME SELECT period_id, period_kind, fiscal_year, period_start, period_end
FROM calendar_periods;
