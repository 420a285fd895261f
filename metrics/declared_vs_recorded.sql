-- id: declared_vs_recorded
-- title_en: Declared minus recorded case counts
-- title_zh: 上报受理数与案件台账差额（数字不实）
-- short_en: declared − recorded
-- short_zh: 上报−台账
-- group: integrity
-- order: 10
-- unit: cases
-- grain: station
-- county: query
-- direction: neutral
-- thresholds: min 0; max 0
-- definition: for each ledger row of the quarter with indicator 刑事案件受理数 or 治安案件受理数
--   (criminal_cases_received, public_security_cases_received): gap = its value (what the station
--   declared for the quarter of the row's date) − the count of cases of that type received by the
--   station in that quarter according to the case records. A nonzero gap is flagged (breach).
--   detail lists every such row with its signed gap; the value is the sum of the station's gaps
--   (declared − recorded: positive = more declared than recorded). County: the sum over stations,
--   flagged when any station is, with the nonzero gaps of every station in detail.
-- reference: 数字不实: declared statistics the case records do not support
WITH ind AS (
  SELECT l.station_id, l."date", l.item, l.value AS declared,
         CASE WHEN l.indicator IN ('criminal_cases_received', '刑事案件受理数') THEN 'criminal'
              ELSE 'public_security' END AS case_type,
         CASE WHEN l.indicator IN ('criminal_cases_received', '刑事案件受理数') THEN 'criminal_cases_received'
              ELSE 'public_security_cases_received' END AS indicator
  FROM quarter_ledger($q_start, $q_end) l
  WHERE l.indicator IN ('criminal_cases_received', '刑事案件受理数', 'public_security_cases_received', '治安案件受理数')
    AND l.value IS NOT NULL AND l.station_id IS NOT NULL),
rec AS (
  SELECT station_id, case_type, count(*)::INTEGER AS n
  FROM quarter_cases($q_start, $q_end) GROUP BY station_id, case_type),
gaps AS (
  SELECT ind.*, coalesce(rec.n, 0) AS recorded, ind.declared - coalesce(rec.n, 0) AS gap
  FROM ind LEFT JOIN rec ON rec.station_id = ind.station_id AND rec.case_type = ind.case_type),
no_cases AS (SELECT count(*) = 0 AS yes FROM quarter_cases($q_start, $q_end)),
st AS (
  SELECT s.station_id, s.county,
         sum(g.gap)::DOUBLE AS net_gap,
         sum(abs(g.gap))::DOUBLE AS abs_gap,
         count(g.gap)::INTEGER AS declared_rows,
         count(*) FILTER (WHERE g.gap <> 0)::INTEGER AS flagged,
         list({indicator: g.indicator, "date": g."date", item: g.item, declared: g.declared, recorded: g.recorded, gap: g.gap}
              ORDER BY g.indicator, g."date", g.item) FILTER (WHERE g.gap IS NOT NULL) AS rows,
         list({station_id: s.station_id, indicator: g.indicator, "date": g."date", declared: g.declared, recorded: g.recorded, gap: g.gap}
              ORDER BY g.indicator, g."date", g.item) FILTER (WHERE g.gap <> 0) AS flagged_rows
  FROM stations s LEFT JOIN gaps g ON g.station_id = s.station_id
  WHERE s.unit_kind = 'station'
  GROUP BY s.station_id, s.county)
SELECT 'station' AS scope, station_id, NULL::VARCHAR AS county,
       net_gap AS numerator,
       CASE WHEN declared_rows = 0 THEN 'no_declared_statistics'
            WHEN (SELECT yes FROM no_cases) THEN 'no_case_data' END AS reason,
       flagged > 0 AS breach,
       CASE WHEN declared_rows > 0 THEN to_json({flagged: flagged, abs_gap: abs_gap, gaps: rows})::VARCHAR END AS detail
FROM st
UNION ALL
SELECT 'county', NULL, county,
       sum(net_gap) FILTER (WHERE declared_rows > 0),
       CASE WHEN sum(declared_rows) = 0 THEN 'no_declared_statistics'
            WHEN (SELECT yes FROM no_cases) THEN 'no_case_data' END,
       sum(flagged) > 0,
       to_json({
         stations_declaring: count(*) FILTER (WHERE declared_rows > 0),
         stations_flagged: count(*) FILTER (WHERE flagged > 0),
         abs_gap: coalesce(sum(abs_gap), 0),
         gaps: coalesce(flatten(list(flagged_rows) FILTER (WHERE flagged > 0)), [])
       })::VARCHAR
FROM st
GROUP BY county
