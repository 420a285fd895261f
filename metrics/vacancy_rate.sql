-- id: vacancy_rate
-- title_en: Vacancy rate (authorized strength not filled)
-- title_zh: 警力空编率
-- short_en: vacancy
-- short_zh: 空编率
-- group: staffing
-- order: 40
-- unit: share
-- grain: station
-- county: pooled
-- direction: lower_is_better
-- thresholds: none
-- definition: (authorized_strength − sworn headcount) / authorized_strength. Negative when the
--   station holds more sworn officers than its authorized strength.
-- reference: seed 003: a station of 55 villages staffed 5 of at least 15
SELECT unit_id AS station_id,
       authorized_strength - sworn AS numerator,
       authorized_strength AS denominator,
       CASE WHEN staff_source IS NULL THEN 'no_staff_data'
            WHEN coalesce(authorized_strength, 0) = 0 THEN 'no_authorized_strength' END AS reason
FROM unit_staff($q_end)
WHERE unit_kind = 'station'
