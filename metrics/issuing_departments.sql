-- id: issuing_departments
-- title_en: Departments issuing tasks
-- title_zh: 下发任务部门数
-- short_en: issuers
-- short_zh: 下发部门
-- group: report_burden
-- order: 30
-- unit: count
-- grain: station
-- county: query
-- direction: lower_is_better
-- thresholds: none
-- definition: distinct issuer (trimmed) of the station's ledger rows in the quarter. County: distinct
--   issuers over all the stations' rows (a department asking every station counts once).
-- reference:
WITH l AS (
  SELECT q.station_id, s.county, nullif(trim(q.issuer), '') AS issuer
  FROM quarter_ledger($q_start, $q_end) q
  JOIN stations s ON s.station_id = q.station_id AND s.unit_kind = 'station'),
any_rows AS (SELECT count(*) > 0 AS yes FROM quarter_ledger($q_start, $q_end))
SELECT 'station' AS scope, s.station_id, NULL::VARCHAR AS county,
       count(DISTINCT l.issuer)::INTEGER AS numerator,
       CASE WHEN NOT (SELECT yes FROM any_rows) THEN 'no_ledger_data' END AS reason
FROM stations s
LEFT JOIN l ON l.station_id = s.station_id
WHERE s.unit_kind = 'station'
GROUP BY s.station_id
UNION ALL
SELECT 'county', NULL, s.county,
       count(DISTINCT l.issuer)::INTEGER,
       CASE WHEN NOT (SELECT yes FROM any_rows) THEN 'no_ledger_data' END
FROM (SELECT DISTINCT county FROM stations WHERE unit_kind = 'station') s
LEFT JOIN l ON l.county IS NOT DISTINCT FROM s.county
GROUP BY s.county
