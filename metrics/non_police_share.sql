-- id: non_police_share
-- title_en: Share of ledger hours spent on non-police tasks
-- title_zh: 非警务活动耗时占比
-- short_en: non-police
-- short_zh: 非警务占比
-- group: report_burden
-- order: 60
-- unit: share
-- grain: station
-- county: pooled
-- direction: lower_is_better
-- thresholds: none
-- definition: hours of ledger rows of kind non_police / hours of all the station's ledger rows in
--   the quarter (rows without hours count for neither).
-- reference:
WITH l AS (
  SELECT station_id,
         coalesce(sum(hours) FILTER (WHERE kind = 'non_police'), 0)::DOUBLE AS np,
         sum(hours)::DOUBLE AS hours
  FROM quarter_ledger($q_start, $q_end) GROUP BY station_id)
SELECT s.station_id,
       l.np AS numerator,
       l.hours AS denominator,
       CASE WHEN coalesce(l.hours, 0) = 0 THEN 'no_hours' END AS reason
FROM stations s
LEFT JOIN l ON l.station_id = s.station_id
WHERE s.unit_kind = 'station'
