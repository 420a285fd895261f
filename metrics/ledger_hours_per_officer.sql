-- id: ledger_hours_per_officer
-- title_en: Ledger hours per sworn officer
-- title_zh: 民警人均台账耗时（小时）
-- short_en: hours/officer
-- short_zh: 人均台账小时
-- group: report_burden
-- order: 20
-- unit: hours
-- grain: station
-- county: pooled
-- direction: lower_is_better
-- thresholds: none
-- definition: sum(hours) of the station's ledger rows in the quarter / station sworn headcount.
-- reference:
WITH l AS (
  SELECT station_id, sum(hours)::DOUBLE AS hours, count(*) AS n
  FROM quarter_ledger($q_start, $q_end) GROUP BY station_id),
any_rows AS (SELECT count(*) > 0 AS yes FROM quarter_ledger($q_start, $q_end))
SELECT u.unit_id AS station_id,
       CASE WHEN l.n IS NULL THEN 0 ELSE l.hours END AS numerator,
       u.sworn AS denominator,
       CASE WHEN NOT (SELECT yes FROM any_rows) THEN 'no_ledger_data'
            WHEN l.n IS NOT NULL AND l.hours IS NULL THEN 'no_hours'
            WHEN u.staff_source IS NULL THEN 'no_staff_data'
            WHEN u.sworn = 0 THEN 'no_sworn' END AS reason
FROM unit_staff($q_end) u
LEFT JOIN l ON l.station_id = u.unit_id
WHERE u.unit_kind = 'station'
