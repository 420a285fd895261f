-- id: seconded_out
-- title_en: Staff seconded out of the station
-- title_zh: 被借调（抽调）外出人数
-- short_en: seconded out
-- short_zh: 借调外出
-- group: staffing
-- order: 90
-- unit: persons
-- grain: station
-- county: pooled
-- direction: lower_is_better
-- thresholds: none
-- definition: persons (any personnel type) whose unit is the station but who work elsewhere
--   (status seconded). County: the sum over stations.
-- reference: the hidden office population
SELECT unit_id AS station_id,
       seconded_out AS numerator,
       CASE WHEN staff_source IS NULL THEN 'no_staff_data'
            WHEN seconded_out IS NULL THEN 'no_breakdown:seconded_out' END AS reason
FROM unit_staff($q_end)
WHERE unit_kind = 'station'
