-- id: overdue_share
-- title_en: Petitions open more than 60 days
-- title_zh: 超期（60日）信访占比
-- short_en: overdue
-- short_zh: 超期
-- group: petitions
-- order: 50
-- unit: share
-- grain: station
-- county: pooled
-- direction: lower_is_better
-- thresholds: max 0
-- definition: petitions of the quarter open more than 60 days / petitions of the quarter. A closed
--   petition is overdue when closed_at − received_at > 60 days; one still open at the data date
--   (of the loads holding the quarter's petitions; --as-of overrides) when data date − received_at
--   > 60. A petition still open and younger than 60 days at the data date is not overdue yet.
-- reference: statutory handling limit: 60 days
WITH dd AS (SELECT coalesce(CAST($petition_data_date AS DATE), CAST($q_end AS DATE)) AS d),
p AS (
  SELECT station_id,
         count(*) FILTER (WHERE (CASE WHEN closed_at IS NOT NULL AND closed_at <= (SELECT d FROM dd) THEN closed_at
                                      ELSE (SELECT d FROM dd) END - CAST(received_at AS DATE)) > 60)::INTEGER AS num,
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
