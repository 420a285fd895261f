-- id: median_days_to_close
-- title_en: Median days from receipt to closing
-- title_zh: 案件办结天数中位数
-- short_en: median days
-- short_zh: 办结天数中位
-- group: workload
-- order: 40
-- unit: days
-- grain: station
-- county: query
-- direction: lower_is_better
-- thresholds: none
-- definition: median of closed_at − received_at in days (fractional: times of day count), over the
--   quarter's cases (received in it) that have closed_at; the denominator is the number of such
--   cases. County: the median over all the stations' cases (pooled cases, not a median of medians).
-- reference:
WITH d AS (
  SELECT c.station_id, s.county,
         (epoch(CAST(c.closed_at AS TIMESTAMP)) - epoch(CAST(c.received_at AS TIMESTAMP))) / 86400.0 AS days
  FROM quarter_cases($q_start, $q_end) c
  JOIN stations s ON s.station_id = c.station_id AND s.unit_kind = 'station'
  WHERE c.closed_at IS NOT NULL)
SELECT 'station' AS scope, s.station_id, NULL::VARCHAR AS county,
       NULL::DOUBLE AS numerator,
       count(d.days)::INTEGER AS denominator,
       median(d.days)::DOUBLE AS value,
       CASE WHEN count(d.days) = 0 THEN 'no_closed_cases' END AS reason
FROM stations s
LEFT JOIN d ON d.station_id = s.station_id
WHERE s.unit_kind = 'station'
GROUP BY s.station_id
UNION ALL
SELECT 'county', NULL, s.county,
       NULL,
       count(d.days)::INTEGER,
       median(d.days)::DOUBLE,
       CASE WHEN count(d.days) = 0 THEN 'no_closed_cases' END
FROM (SELECT DISTINCT county FROM stations WHERE unit_kind = 'station') s
LEFT JOIN d ON d.county IS NOT DISTINCT FROM s.county
GROUP BY s.county
