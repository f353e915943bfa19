-- Everything written so far into the database file itself, no write-ahead log left beside it, so
-- that a copy of the one file is the whole warehouse (ops/backup.py).
CHECKPOINT;
