-- id: defect_rate
-- title_en: Backtrack defect rate
-- title_zh: 倒查案件问题率
-- short_en: defects
-- short_zh: 问题率
-- group: backtracking
-- order: 20
-- unit: share
-- grain: station
-- county: pooled
-- direction: lower_is_better
-- thresholds: none
-- interval: clopper_pearson 95%
-- definition: findings with result defect / findings, over the findings whose case was received in
--   the quarter; detail carries the two-sided 95% Clopper–Pearson interval.
-- reference:
WITH f AS (
  SELECT c.station_id,
         count(*) FILTER (WHERE f.result = 'defect')::INTEGER AS defects,
         count(*)::INTEGER AS n
  FROM findings f
  JOIN quarter_cases($q_start, $q_end) c ON c.case_id = f.case_id
  WHERE f.result IN ('pass', 'defect')
  GROUP BY c.station_id)
SELECT s.station_id,
       coalesce(f.defects, 0) AS numerator,
       coalesce(f.n, 0) AS denominator,
       CASE WHEN coalesce(f.n, 0) = 0 THEN 'no_findings' END AS reason
FROM stations s
LEFT JOIN f ON f.station_id = s.station_id
WHERE s.unit_kind = 'station'
