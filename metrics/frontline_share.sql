-- id: frontline_share
-- title_en: Frontline share of sworn officers
-- title_zh: 一线民警占比
-- short_en: frontline
-- short_zh: 一线占比
-- group: staffing
-- order: 60
-- unit: share
-- grain: station
-- county: query
-- direction: higher_is_better
-- thresholds: min 60%
-- definition: sworn headcount with post_class frontline / sworn headcount.
--   County: over all sworn staff of the county, every unit included (units whose headcount row
--   lacks the breakdown are left out of both counts and listed in detail).
-- reference: ICMA "rule of 60": ≥ 60% of sworn officers in patrol
WITH u AS (SELECT * FROM unit_staff($q_end))
SELECT 'station' AS scope,
       unit_id AS station_id,
       NULL::VARCHAR AS county,
       frontline AS numerator,
       sworn AS denominator,
       CASE WHEN staff_source IS NULL THEN 'no_staff_data'
            WHEN frontline IS NULL THEN 'no_breakdown:frontline'
            WHEN sworn = 0 THEN 'no_sworn' END AS reason,
       NULL::VARCHAR AS detail
FROM u
WHERE unit_kind = 'station'
UNION ALL
SELECT 'county', NULL, county,
       sum(frontline) FILTER (WHERE frontline IS NOT NULL),
       sum(sworn) FILTER (WHERE frontline IS NOT NULL),
       CASE WHEN coalesce(sum(sworn) FILTER (WHERE frontline IS NOT NULL), 0) = 0 THEN 'no_sworn' END,
       to_json({
         units_without_breakdown: coalesce(list(unit_id ORDER BY unit_id) FILTER (WHERE staff_source IS NOT NULL AND frontline IS NULL), []),
         units_without_staff_data: coalesce(list(unit_id ORDER BY unit_id) FILTER (WHERE staff_source IS NULL), [])
       })::VARCHAR
FROM u
GROUP BY county
