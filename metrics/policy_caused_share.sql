-- id: policy_caused_share
-- title_en: Petitions caused by policy
-- title_zh: 决策（政策）原因引发信访占比
-- short_en: policy
-- short_zh: 政策成因
-- group: petitions
-- order: 20
-- unit: share
-- grain: station
-- county: pooled
-- direction: neutral
-- thresholds: none
-- definition: petitions of the quarter with cause policy / petitions of the quarter with a known cause.
-- reference: seed 000: about one third
WITH p AS (
  SELECT station_id,
         count(*) FILTER (WHERE cause = 'policy')::INTEGER AS num,
         count(*) FILTER (WHERE cause IS NOT NULL)::INTEGER AS den,
         count(*)::INTEGER AS n
  FROM quarter_petitions($q_start, $q_end) GROUP BY station_id)
SELECT s.station_id,
       coalesce(p.num, 0) AS numerator,
       coalesce(p.den, 0) AS denominator,
       CASE WHEN coalesce(p.n, 0) = 0 THEN 'no_petitions'
            WHEN p.den = 0 THEN 'no_known_cause' END AS reason
FROM stations s
LEFT JOIN p ON p.station_id = s.station_id
WHERE s.unit_kind = 'station'
