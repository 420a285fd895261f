-- id: grassroots_share
-- title_en: Share of county sworn officers in grassroots units
-- title_zh: 基层所队民警占比
-- short_en: grassroots
-- short_zh: 基层占比
-- group: staffing
-- order: 50
-- unit: share
-- grain: county
-- county: query
-- direction: higher_is_better
-- thresholds: min 40%
-- definition: sworn headcount in grassroots units (unit_kind station or outpost) / sworn headcount
--   of the county (every unit). Units with no staffing data are left out and listed in detail.
-- reference: seed 001: Daqing raised it from 48.5% to 89%; the Ministry's national line is ≥ 40% of
--   county police in stations (2026), 45% proposed as a floor
SELECT 'county' AS scope,
       county,
       sum(sworn) FILTER (WHERE is_grassroots) AS numerator,
       sum(sworn) AS denominator,
       CASE WHEN coalesce(sum(sworn), 0) = 0 THEN 'no_sworn' END AS reason,
       to_json({
         units_without_staff_data: coalesce(list(unit_id ORDER BY unit_id) FILTER (WHERE staff_source IS NULL), [])
       }) AS detail
FROM unit_staff($q_end)
GROUP BY county
