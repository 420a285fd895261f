-- id: median_days_to_close
-- title_en: Median days from receipt to closing (Kaplan–Meier)
-- title_zh: 案件办结天数中位数（生存分析）
-- short_en: median days
-- short_zh: 办结天数中位
-- group: workload
-- order: 40
-- unit: days
-- grain: station
-- county: query
-- direction: lower_is_better
-- thresholds: none
-- definition: Kaplan–Meier median of the days from receipt to closing, over every case received in
--   the quarter (the denominator). A closed case's time is closed_at − received_at in calendar
--   days; a case still open at the data date is censored at data date − received_at (it counts as
--   open for so long, not as never closing; a closing after the data date counts as open, and a
--   case received after it is not counted). S(t) is the product-limit estimate: at each event time
--   t, S falls by the factor 1 − closed at t / cases at risk at t, where cases at risk are those
--   whose time is t or more (a case censored at t is still at risk at t; cases closed on the same
--   day leave together). The median is the smallest event time t with S(t) ≤ 0.5; it is empty
--   (km_not_reached) when S never falls to 0.5. County: the same over the pooled cases of all
--   stations (not a median of medians).
-- reference: Kaplan & Meier (1958), product-limit estimate; closed cases alone favour the latest quarter
WITH dd AS (SELECT CAST($data_date AS DATE) AS d),
base AS (
  SELECT c.station_id, s.county,
         (c.closed_at IS NOT NULL AND CAST(c.closed_at AS DATE) <= dd.d) AS event,
         CASE WHEN c.closed_at IS NOT NULL AND CAST(c.closed_at AS DATE) <= dd.d THEN CAST(c.closed_at AS DATE)
              ELSE dd.d END - CAST(c.received_at AS DATE) AS t
  FROM quarter_cases($q_start, $q_end) c
  JOIN stations s ON s.station_id = c.station_id AND s.unit_kind = 'station'
  CROSS JOIN dd
  WHERE CAST(c.received_at AS DATE) <= dd.d),
-- Cases are counted once per station and day; a county's counts are its stations' sums.
station_times AS (
  SELECT station_id, county, t, count(*) FILTER (WHERE event) AS closed, count(*) AS leaving
  FROM base GROUP BY station_id, county, t),
times AS (
  SELECT 'station' AS scope, station_id, NULL::VARCHAR AS county, t, closed, leaving FROM station_times
  UNION ALL
  SELECT 'county', NULL, county, t, sum(closed)::BIGINT, sum(leaving)::BIGINT FROM station_times GROUP BY county, t),
risk AS (
  SELECT *, sum(leaving) OVER (PARTITION BY scope, station_id, county ORDER BY t DESC) AS at_risk
  FROM times),
surv AS (
  SELECT *, product(1 - closed / at_risk) OVER (PARTITION BY scope, station_id, county ORDER BY t) AS s
  FROM risk),
km AS (
  SELECT scope, station_id, county,
         sum(leaving)::INTEGER AS n,
         sum(closed)::INTEGER AS closed,
         min(t) FILTER (WHERE closed > 0 AND s <= 0.5 + 1e-9) AS median
  FROM surv GROUP BY scope, station_id, county),
counties AS (SELECT DISTINCT county FROM stations WHERE unit_kind = 'station')
SELECT 'station' AS scope, s.station_id, NULL::VARCHAR AS county,
       NULL::DOUBLE AS numerator,
       coalesce(km.n, 0) AS denominator,
       km.median::DOUBLE AS value,
       CASE WHEN (SELECT d FROM dd) IS NULL THEN 'no_case_data'
            WHEN coalesce(km.n, 0) = 0 THEN 'no_quarter_cases'
            WHEN km.median IS NULL THEN 'km_not_reached' END AS reason,
       to_json({closed: coalesce(km.closed, 0), open: coalesce(km.n - km.closed, 0), data_date: (SELECT d FROM dd)})::VARCHAR AS detail
FROM stations s
LEFT JOIN km ON km.scope = 'station' AND km.station_id = s.station_id
WHERE s.unit_kind = 'station'
UNION ALL
SELECT 'county', NULL, c.county,
       NULL,
       coalesce(km.n, 0),
       km.median::DOUBLE,
       CASE WHEN (SELECT d FROM dd) IS NULL THEN 'no_case_data'
            WHEN coalesce(km.n, 0) = 0 THEN 'no_quarter_cases'
            WHEN km.median IS NULL THEN 'km_not_reached' END,
       to_json({closed: coalesce(km.closed, 0), open: coalesce(km.n - km.closed, 0), data_date: (SELECT d FROM dd)})::VARCHAR
FROM counties c
LEFT JOIN km ON km.scope = 'county' AND km.county IS NOT DISTINCT FROM c.county
