-- id: backtrack_coverage
-- title_en: Backtrack coverage (sampled share of major cases)
-- title_zh: 案件倒查覆盖率
-- short_en: coverage
-- short_zh: 倒查覆盖率
-- group: backtracking
-- order: 10
-- unit: share
-- grain: station
-- county: pooled
-- direction: higher_is_better
-- thresholds: min 10%
-- definition: cases of the backtrack population drawn in the quarter's latest audit sample (by
--   created_at) / backtrack population of the quarter (major criminal and public-security cases
--   received in the quarter; all cases count as major when the export had no 是否重大 column).
-- reference: seed 000: counties must backtrack ≥ 10% of cases every quarter
WITH pop AS (SELECT case_id, station_id FROM backtrack_population($q_start, $q_end)),
smp AS (SELECT * FROM latest_sample($q_label)),
drawn AS (SELECT DISTINCT sc.case_id FROM sample_cases sc JOIN smp ON smp.sample_id = sc.sample_id),
agg AS (
  SELECT pop.station_id, count(*)::INTEGER AS n, count(drawn.case_id)::INTEGER AS sampled
  FROM pop LEFT JOIN drawn ON drawn.case_id = pop.case_id GROUP BY pop.station_id)
SELECT s.station_id,
       coalesce(agg.sampled, 0) AS numerator,
       coalesce(agg.n, 0) AS denominator,
       CASE WHEN (SELECT count(*) FROM quarter_cases($q_start, $q_end)) = 0 THEN 'no_case_data'
            WHEN coalesce(agg.n, 0) = 0 THEN 'no_major_cases'
            WHEN (SELECT count(*) FROM smp) = 0 THEN 'no_sample' END AS reason,
       to_json({sample_id: (SELECT any_value(sample_id) FROM smp)})::VARCHAR AS detail
FROM stations s
LEFT JOIN agg ON agg.station_id = s.station_id
WHERE s.unit_kind = 'station'
