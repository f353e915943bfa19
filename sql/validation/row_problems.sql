-- One line per row that broke a row-level expectation, in the suite's order, then file order.
SELECT path, _row_number, message FROM failing_details WHERE level = 'row'
ORDER BY rule_order, _file_sha256, _row_number;
