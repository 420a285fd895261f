-- id: clearance_rate_30d
-- title_en: Criminal cases cleared within 30 days
-- title_zh: 刑事案件30日内破结率
-- short_en: cleared ≤30d
-- short_zh: 30日破结率
-- group: workload
-- order: 25
-- unit: share
-- grain: station
-- county: pooled
-- direction: higher_is_better
-- thresholds: none
-- definition: criminal cases received in the quarter at least 30 days before the data date (the
--   eligible cases: each has had its full 30 days) whose earlier of solved_at and closed_at falls
--   within 30 calendar days of received_at (date of clearing − date of receipt ≤ 30) / the eligible
--   cases. County: pooled. The window is metrics.clearance_window_days in jiceng.json (default 30).
--   Every quarter is measured over the same window, so this is the clearance figure the
--   quarter-to-quarter change, the change chart and the scorecard use.
-- reference: censoring: a case received days before the export has had no time to be solved
WITH dd AS (SELECT CAST($data_date AS DATE) AS d, CAST($window_days AS INTEGER) AS w),
c AS (
  SELECT q.station_id,
         CAST(q.received_at AS DATE) <= dd.d - dd.w AS eligible,
         CAST(least(q.solved_at, q.closed_at) AS DATE) - CAST(q.received_at AS DATE) <= dd.w AS cleared
  FROM quarter_cases($q_start, $q_end) q, dd
  WHERE q.case_type = 'criminal'),
agg AS (
  SELECT station_id,
         count(*)::INTEGER AS n,
         count(*) FILTER (WHERE eligible)::INTEGER AS eligible,
         count(*) FILTER (WHERE eligible AND coalesce(cleared, false))::INTEGER AS cleared
  FROM c GROUP BY station_id)
SELECT s.station_id,
       coalesce(agg.cleared, 0) AS numerator,
       coalesce(agg.eligible, 0) AS denominator,
       CASE WHEN coalesce(agg.n, 0) = 0 THEN 'no_criminal_cases'
            WHEN (SELECT d FROM dd) IS NULL THEN 'no_case_data'
            WHEN agg.eligible = 0 THEN 'no_eligible_cases:' || (SELECT w FROM dd) END AS reason
FROM stations s
LEFT JOIN agg ON agg.station_id = s.station_id
WHERE s.unit_kind = 'station'
