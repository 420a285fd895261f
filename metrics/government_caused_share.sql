-- id: government_caused_share
-- title_en: Petitions caused by government (policy or its execution)
-- title_zh: 政府原因（决策+执行）引发信访占比
-- short_en: government
-- short_zh: 政府成因
-- group: petitions
-- order: 30
-- unit: share
-- grain: station
-- county: pooled
-- direction: neutral
-- thresholds: none
-- definition: petitions of the quarter with cause policy or execution / petitions of the quarter with a known cause.
-- reference: seed 000: over one half
WITH p AS (
  SELECT station_id,
         count(*) FILTER (WHERE cause IN ('policy', 'execution'))::INTEGER AS num,
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
