INSERT INTO audit.validation_results BY NAME SELECT * FROM validation_rows;
