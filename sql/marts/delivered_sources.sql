-- The sources whose deliveries cover some day (marts.coverage, rebuilt from core just before).
SELECT DISTINCT source FROM marts.coverage;
