-- The recount's temporary tables, dropped once it is settled (or failed).
DROP TABLE IF EXISTS live;
DROP TABLE IF EXISTS changed;
DROP TABLE IF EXISTS affected;
DROP TABLE IF EXISTS replaced;
DROP VIEW IF EXISTS incoming;
DROP TABLE IF EXISTS winners;
DROP TABLE IF EXISTS overlapped;
DROP TABLE IF EXISTS judged_once;
