-- id: staff_per_10k
-- title_en: Sworn and auxiliary officers per 10,000 residents (stations)
-- title_zh: 每万人口警力（民警+辅警，派出所）
-- short_en: staff/10k (stations)
-- short_zh: 万人警力（民警+辅警，派出所）
-- group: staffing
-- order: 20
-- unit: per_10k
-- scale: 10000
-- grain: station
-- county: pooled
-- direction: higher_is_better
-- thresholds: none
-- definition: (sworn + auxiliary) headcount of the station / population × 10,000. County: sworn
--   and auxiliary officers working in stations / population of those stations × 10,000 (pooled).
-- reference:
SELECT unit_id AS station_id,
       sworn + auxiliary AS numerator,
       population AS denominator,
       CASE WHEN staff_source IS NULL THEN 'no_staff_data'
            WHEN auxiliary IS NULL THEN 'no_breakdown:auxiliary'
            WHEN coalesce(population, 0) = 0 THEN 'no_population' END AS reason
FROM unit_staff($q_end)
WHERE unit_kind = 'station'
