-- The temporary tables of a group of deliveries once it is staged: memory back before the next.
DROP TABLE IF EXISTS incoming_raw;
DROP TABLE IF EXISTS typed;
DROP TABLE IF EXISTS delivery_numbered;
