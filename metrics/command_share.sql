-- id: command_share
-- title_en: Command share of sworn officers
-- title_zh: 领导职数占比（官兵比）
-- short_en: command
-- short_zh: 领导占比
-- group: staffing
-- order: 70
-- unit: share
-- grain: station
-- county: query
-- direction: lower_is_better
-- thresholds: none
-- definition: sworn headcount with post_class command / sworn headcount.
--   County: over all sworn staff of the county, every unit included (units whose headcount row
--   lacks the breakdown are left out of both counts and listed in detail).
-- reference: seed 002: 官多兵少
WITH u AS (SELECT * FROM unit_staff($q_end))
SELECT 'station' AS scope,
       unit_id AS station_id,
       NULL::VARCHAR AS county,
       command AS numerator,
       sworn AS denominator,
       CASE WHEN staff_source IS NULL THEN 'no_staff_data'
            WHEN command IS NULL THEN 'no_breakdown:command'
            WHEN sworn = 0 THEN 'no_sworn' END AS reason,
       NULL::VARCHAR AS detail
FROM u
WHERE unit_kind = 'station'
UNION ALL
SELECT 'county', NULL, county,
       sum(command) FILTER (WHERE command IS NOT NULL),
       sum(sworn) FILTER (WHERE command IS NOT NULL),
       CASE WHEN coalesce(sum(sworn) FILTER (WHERE command IS NOT NULL), 0) = 0 THEN 'no_sworn' END,
       to_json({
         units_without_breakdown: coalesce(list(unit_id ORDER BY unit_id) FILTER (WHERE staff_source IS NOT NULL AND command IS NULL), []),
         units_without_staff_data: coalesce(list(unit_id ORDER BY unit_id) FILTER (WHERE staff_source IS NULL), [])
       })::VARCHAR
FROM u
GROUP BY county
