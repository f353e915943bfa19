-- A file that failed after it was read with others: its rows leave the group.
DELETE FROM delivery_numbered WHERE _path = $path;
