-- Good rows read, per file.
SELECT _path, count(*) FROM delivery_numbered GROUP BY _path;
