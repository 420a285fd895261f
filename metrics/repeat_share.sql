-- id: repeat_share
-- title_en: Repeat petitions
-- title_zh: 重复信访占比
-- short_en: repeat
-- short_zh: 重复访
-- group: petitions
-- order: 40
-- unit: share
-- grain: station
-- county: pooled
-- direction: lower_is_better
-- thresholds: none
-- definition: petitions of the quarter marked is_repeat / petitions of the quarter.
-- reference: 
WITH p AS (
  SELECT station_id,
         count(*) FILTER (WHERE is_repeat)::INTEGER AS num,
         count(*)::INTEGER AS den,
         count(*)::INTEGER AS n
  FROM quarter_petitions($q_start, $q_end) GROUP BY station_id)
SELECT s.station_id,
       coalesce(p.num, 0) AS numerator,
       coalesce(p.den, 0) AS denominator,
       CASE WHEN coalesce(p.n, 0) = 0 THEN 'no_petitions' END AS reason
FROM stations s
LEFT JOIN p ON p.station_id = s.station_id
WHERE s.unit_kind = 'station'
