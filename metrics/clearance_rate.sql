-- id: clearance_rate
-- title_en: Criminal cases cleared so far (by the data date)
-- title_zh: 刑事案件破结率（截至数据日期）
-- short_en: cleared so far
-- short_zh: 刑案破结率（至今）
-- group: workload
-- order: 20
-- unit: share
-- grain: station
-- county: pooled
-- direction: higher_is_better
-- thresholds: none
-- definition: criminal cases received in the quarter that have solved_at or closed_at on or before
--   the data date / criminal cases received in the quarter: cleared so far, by the data date. Cases received near the data
--   date have had little time, so the latest quarter always looks worse; compare quarters with
--   clearance_rate_30d instead.
-- reference:
-- # No quarter-over-quarter change: each quarter is cut at a different distance from its data date.
-- x_compare: none
WITH dd AS (SELECT CAST($data_date AS DATE) AS d), -- a case cleared after the data date was open then
c AS (
  SELECT station_id,
         count(*) FILTER (WHERE CAST(least(solved_at, closed_at) AS DATE) <= (SELECT d FROM dd))::INTEGER AS cleared,
         count(*)::INTEGER AS n
  FROM quarter_cases($q_start, $q_end)
  WHERE case_type = 'criminal'
  GROUP BY station_id)
SELECT s.station_id,
       coalesce(c.cleared, 0) AS numerator,
       coalesce(c.n, 0) AS denominator,
       CASE WHEN coalesce(c.n, 0) = 0 THEN 'no_criminal_cases' END AS reason
FROM stations s
LEFT JOIN c ON c.station_id = s.station_id
WHERE s.unit_kind = 'station'
