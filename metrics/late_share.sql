-- id: late_share
-- title_en: Share of ledger items submitted late
-- title_zh: 逾期报送占比
-- short_en: late
-- short_zh: 逾期占比
-- group: report_burden
-- order: 70
-- unit: share
-- grain: station
-- county: pooled
-- direction: lower_is_better
-- thresholds: none
-- definition: the station's ledger rows in the quarter with submitted_date > due_date / its rows
--   having both dates.
-- reference:
WITH l AS (
  SELECT station_id,
         count(*) FILTER (WHERE submitted_date > due_date)::INTEGER AS late,
         count(*) FILTER (WHERE submitted_date IS NOT NULL AND due_date IS NOT NULL)::INTEGER AS dated
  FROM quarter_ledger($q_start, $q_end) GROUP BY station_id)
SELECT s.station_id,
       coalesce(l.late, 0) AS numerator,
       coalesce(l.dated, 0) AS denominator,
       CASE WHEN coalesce(l.dated, 0) = 0 THEN 'no_due_dates' END AS reason
FROM stations s
LEFT JOIN l ON l.station_id = s.station_id
WHERE s.unit_kind = 'station'
