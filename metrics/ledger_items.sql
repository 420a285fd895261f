-- id: ledger_items
-- title_en: Ledger items (reports, registers, meetings, inspections, tasks)
-- title_zh: 报表台账事项数
-- short_en: items
-- short_zh: 台账事项
-- group: report_burden
-- order: 10
-- unit: items
-- grain: station
-- county: pooled
-- direction: lower_is_better
-- thresholds: none
-- definition: ledger rows of the station in the quarter. County: the sum over stations.
-- reference: Lanzhou cut a station's forms from 128 to 11 and its registers from 13 to 6 (上面千条线，下面一根针)
WITH l AS (SELECT station_id, count(*)::INTEGER AS n FROM quarter_ledger($q_start, $q_end) WHERE true GROUP BY station_id),
any_rows AS (SELECT count(*) > 0 AS yes FROM quarter_ledger($q_start, $q_end))
SELECT s.station_id,
       coalesce(l.n, 0) AS numerator,
       CASE WHEN NOT (SELECT yes FROM any_rows) THEN 'no_ledger_data' END AS reason
FROM stations s
LEFT JOIN l ON l.station_id = s.station_id
WHERE s.unit_kind = 'station'
