-- The settings this warehouse's files were read under (pipeline/lib/warehouse/verdict_settings.py).
SELECT name, value FROM audit.verdict_settings;
