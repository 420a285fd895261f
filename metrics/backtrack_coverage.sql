-- id: backtrack_coverage
-- title_en: Backtrack coverage (sampled share of major cases)
-- title_zh: 案件倒查覆盖率
-- short_en: coverage
-- short_zh: 倒查覆盖率
-- group: backtracking
-- order: 10
-- unit: share
-- grain: station
-- county: query
-- direction: higher_is_better
-- thresholds: min 10%
-- definition: cases of the backtrack population drawn in the quarter's latest audit sample (by
--   created_at) / backtrack population of the quarter (major criminal and public-security cases
--   received in the quarter; all cases count as major when the export had no 是否重大 column).
--   County: over the whole backtrack population of the county, every unit included (stations,
--   刑侦大队 and other organs, and cases whose unit matched no stations row) — the population the
--   sample is drawn from, and the same figure as the 全县 row of the auditor workbook.
-- reference: seed 000: counties must backtrack ≥ 10% of cases every quarter
WITH smp AS (SELECT * FROM latest_sample($q_label)),
drawn AS (SELECT DISTINCT sc.case_id FROM sample_cases sc JOIN smp ON smp.sample_id = sc.sample_id),
one_county AS (SELECT CASE WHEN count(DISTINCT county) = 1 THEN any_value(county) END AS county FROM stations),
pop AS (
  SELECT b.case_id, b.station_id, st.unit_kind,
         CASE WHEN st.station_id IS NULL THEN (SELECT county FROM one_county) ELSE st.county END AS county,
         drawn.case_id IS NOT NULL AS sampled
  FROM backtrack_population($q_start, $q_end) b
  LEFT JOIN (SELECT station_id, any_value(county) AS county, any_value(unit_kind) AS unit_kind FROM stations GROUP BY station_id) st
    ON st.station_id = b.station_id
  LEFT JOIN drawn ON drawn.case_id = b.case_id),
agg AS (
  SELECT station_id, count(*)::INTEGER AS n, count(*) FILTER (WHERE sampled)::INTEGER AS sampled
  FROM pop GROUP BY station_id),
no_cases AS (SELECT count(*) = 0 AS yes FROM quarter_cases($q_start, $q_end)),
no_sample AS (SELECT count(*) = 0 AS yes FROM smp)
SELECT 'station' AS scope, s.station_id, NULL::VARCHAR AS county,
       coalesce(agg.sampled, 0) AS numerator,
       coalesce(agg.n, 0) AS denominator,
       CASE WHEN (SELECT yes FROM no_cases) THEN 'no_case_data'
            WHEN coalesce(agg.n, 0) = 0 THEN 'no_major_cases'
            WHEN (SELECT yes FROM no_sample) THEN 'no_sample' END AS reason,
       to_json({sample_id: (SELECT any_value(sample_id) FROM smp)})::VARCHAR AS detail
FROM stations s
LEFT JOIN agg ON agg.station_id = s.station_id
WHERE s.unit_kind = 'station'
UNION ALL
SELECT 'county', NULL, c.county,
       count(p.case_id) FILTER (WHERE p.sampled)::INTEGER,
       count(p.case_id)::INTEGER,
       CASE WHEN (SELECT yes FROM no_cases) THEN 'no_case_data'
            WHEN count(p.case_id) = 0 THEN 'no_major_cases'
            WHEN (SELECT yes FROM no_sample) THEN 'no_sample' END,
       to_json({sample_id: (SELECT any_value(sample_id) FROM smp),
                units: 'all',
                stations_only: count(p.case_id) FILTER (WHERE p.unit_kind = 'station')::INTEGER,
                other_units: count(p.case_id) FILTER (WHERE p.unit_kind IS DISTINCT FROM 'station')::INTEGER})::VARCHAR
FROM (SELECT DISTINCT county FROM stations WHERE unit_kind = 'station') c
LEFT JOIN pop p ON p.county IS NOT DISTINCT FROM c.county
GROUP BY c.county
