-- id: qualified_share
-- title_en: Share of sworn officers qualified to enforce the law
-- title_zh: 具有执法资格民警占比
-- short_en: qualified
-- short_zh: 执法资格
-- group: staffing
-- order: 80
-- unit: share
-- grain: station
-- county: query
-- direction: higher_is_better
-- thresholds: none
-- definition: sworn headcount with law_enforcement_qualified / sworn headcount (unknown 执法资格 counts as not qualified; a roster unit with no known value at all is null).
--   County: over all sworn staff of the county, every unit included (units whose headcount row
--   lacks the breakdown are left out of both counts and listed in detail).
-- reference: seed 004: under one third of staff qualified
WITH u AS (SELECT * FROM unit_staff($q_end))
SELECT 'station' AS scope,
       unit_id AS station_id,
       NULL::VARCHAR AS county,
       qualified AS numerator,
       sworn AS denominator,
       CASE WHEN staff_source IS NULL THEN 'no_staff_data'
            WHEN qualified IS NULL THEN 'no_breakdown:qualified'
            WHEN sworn = 0 THEN 'no_sworn' END AS reason,
       NULL::VARCHAR AS detail
FROM u
WHERE unit_kind = 'station'
UNION ALL
SELECT 'county', NULL, county,
       sum(qualified) FILTER (WHERE qualified IS NOT NULL),
       sum(sworn) FILTER (WHERE qualified IS NOT NULL),
       CASE WHEN coalesce(sum(sworn) FILTER (WHERE qualified IS NOT NULL), 0) = 0 THEN 'no_sworn' END,
       to_json({
         units_without_breakdown: coalesce(list(unit_id ORDER BY unit_id) FILTER (WHERE staff_source IS NOT NULL AND qualified IS NULL), []),
         units_without_staff_data: coalesce(list(unit_id ORDER BY unit_id) FILTER (WHERE staff_source IS NULL), [])
       })::VARCHAR
FROM u
GROUP BY county
