-- id: proactive_share
-- title_en: Share of cases found proactively
-- title_zh: 主动发现案件占比
-- short_en: proactive
-- short_zh: 主动发现
-- group: workload
-- order: 30
-- unit: share
-- grain: station
-- county: pooled
-- direction: higher_is_better
-- thresholds: none
-- definition: cases received in the quarter with source proactive / cases received in the quarter
--   with a known source.
-- reference:
WITH c AS (
  SELECT station_id,
         count(*) FILTER (WHERE source = 'proactive')::INTEGER AS proactive,
         count(*) FILTER (WHERE source IS NOT NULL)::INTEGER AS known
  FROM quarter_cases($q_start, $q_end)
  GROUP BY station_id)
SELECT s.station_id,
       coalesce(c.proactive, 0) AS numerator,
       coalesce(c.known, 0) AS denominator,
       CASE WHEN coalesce(c.known, 0) = 0 THEN 'no_known_source' END AS reason
FROM stations s
LEFT JOIN c ON c.station_id = s.station_id
WHERE s.unit_kind = 'station'
