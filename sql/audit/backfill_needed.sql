-- Whether audit/backfill_sightings.sql has anything to do for the source: a warehouse made before
-- sightings, or before counted deliveries, were kept (it fills each only while it is empty). Once
-- both hold rows, each night asks only this.
SELECT NOT EXISTS (SELECT 1 FROM audit.landing_sightings WHERE source = {{ source | literal }})
    OR NOT EXISTS (SELECT 1 FROM audit.counted_deliveries WHERE source = {{ source | literal }});
