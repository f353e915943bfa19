SELECT count(*) FROM delivery_numbered;
