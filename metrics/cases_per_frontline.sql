-- id: cases_per_frontline
-- title_en: Cases received per frontline sworn officer
-- title_zh: 一线民警人均受理案件数
-- short_en: cases/frontline
-- short_zh: 一线人均案件
-- group: workload
-- order: 10
-- unit: cases_per_officer
-- grain: station
-- county: pooled
-- direction: neutral
-- thresholds: none
-- definition: cases received in the quarter (criminal and public-security) / frontline sworn
--   headcount of the station.
-- reference:
WITH c AS (SELECT station_id, count(*)::INTEGER AS n FROM quarter_cases($q_start, $q_end) GROUP BY station_id),
any_cases AS (SELECT count(*) > 0 AS yes FROM quarter_cases($q_start, $q_end))
SELECT u.unit_id AS station_id,
       coalesce(c.n, 0) AS numerator,
       u.frontline AS denominator,
       CASE WHEN NOT (SELECT yes FROM any_cases) THEN 'no_case_data'
            WHEN u.staff_source IS NULL THEN 'no_staff_data'
            WHEN u.frontline IS NULL THEN 'no_breakdown:frontline'
            WHEN u.frontline = 0 THEN 'no_frontline' END AS reason
FROM unit_staff($q_end) u
LEFT JOIN c ON c.station_id = u.unit_id
WHERE u.unit_kind = 'station'
