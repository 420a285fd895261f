-- id: meetings
-- title_en: Meetings
-- title_zh: 会议数
-- short_en: meetings
-- short_zh: 会议
-- group: report_burden
-- order: 40
-- unit: items
-- grain: station
-- county: pooled
-- direction: lower_is_better
-- thresholds: none
-- definition: ledger rows of kind meeting in the quarter. County: the sum over stations.
-- reference: 
WITH l AS (SELECT station_id, count(*)::INTEGER AS n FROM quarter_ledger($q_start, $q_end) WHERE kind = 'meeting' GROUP BY station_id),
any_rows AS (SELECT count(*) > 0 AS yes FROM quarter_ledger($q_start, $q_end))
SELECT s.station_id,
       coalesce(l.n, 0) AS numerator,
       CASE WHEN NOT (SELECT yes FROM any_rows) THEN 'no_ledger_data' END AS reason
FROM stations s
LEFT JOIN l ON l.station_id = s.station_id
WHERE s.unit_kind = 'station'
