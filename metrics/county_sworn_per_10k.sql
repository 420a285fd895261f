-- id: county_sworn_per_10k
-- title_en: County sworn officers per 10,000 residents (all units)
-- title_zh: 全县每万人口民警数（全部民警）
-- short_en: county sworn/10k (all units)
-- short_zh: 全县万人民警（全部民警）
-- group: staffing
-- order: 30
-- unit: per_10k
-- scale: 10000
-- grain: county
-- county: query
-- direction: higher_is_better
-- thresholds: none
-- definition: all sworn headcount of the county (every unit: stations, outposts, organs) /
--   population of all its stations × 10,000. Units with neither roster nor headcount rows are
--   listed in detail.
-- reference: China ≈ 11–12 per 10k (Ministry 2007, CASS 2014); EU ≈ 32; US ≈ 23
SELECT 'county' AS scope,
       county,
       sum(sworn) AS numerator,
       sum(population) FILTER (WHERE unit_kind = 'station') AS denominator,
       CASE WHEN coalesce(sum(population) FILTER (WHERE unit_kind = 'station'), 0) = 0 THEN 'no_population'
            WHEN count(*) FILTER (WHERE staff_source IS NOT NULL) = 0 THEN 'no_staff_data' END AS reason,
       to_json({
         units_without_staff_data: coalesce(list(unit_id ORDER BY unit_id) FILTER (WHERE staff_source IS NULL), []),
         stations_without_population: coalesce(list(unit_id ORDER BY unit_id) FILTER (WHERE unit_kind = 'station' AND population IS NULL), [])
       }) AS detail
FROM unit_staff($q_end)
GROUP BY county
