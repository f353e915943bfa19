-- A setting the warehouse's files are read under, recorded on the first night that knows it.
INSERT INTO audit.verdict_settings VALUES ($name, $value) ON CONFLICT DO NOTHING;
