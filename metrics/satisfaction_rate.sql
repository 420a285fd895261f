-- id: satisfaction_rate
-- title_en: Petitioner satisfaction
-- title_zh: 信访群众满意率
-- short_en: satisfied
-- short_zh: 满意率
-- group: petitions
-- order: 60
-- unit: share
-- grain: station
-- county: pooled
-- direction: higher_is_better
-- thresholds: none
-- definition: petitions of the quarter answered satisfied or basically satisfied / petitions of the quarter with a satisfaction answer.
-- reference: 
WITH p AS (
  SELECT station_id,
         count(*) FILTER (WHERE satisfaction IN ('satisfied', 'basically'))::INTEGER AS num,
         count(*) FILTER (WHERE satisfaction IS NOT NULL)::INTEGER AS den,
         count(*)::INTEGER AS n
  FROM quarter_petitions($q_start, $q_end) GROUP BY station_id)
SELECT s.station_id,
       coalesce(p.num, 0) AS numerator,
       coalesce(p.den, 0) AS denominator,
       CASE WHEN coalesce(p.n, 0) = 0 THEN 'no_petitions'
            WHEN p.den = 0 THEN 'no_satisfaction' END AS reason
FROM stations s
LEFT JOIN p ON p.station_id = s.station_id
WHERE s.unit_kind = 'station'
