-- id: petitions_per_10k
-- title_en: Petitions per 10,000 residents (station areas)
-- title_zh: 每万人口信访件数（派出所辖区）
-- short_en: petitions/10k (stations)
-- short_zh: 万人信访（派出所辖区）
-- group: petitions
-- order: 10
-- unit: per_10k
-- scale: 10000
-- grain: station
-- county: pooled
-- direction: lower_is_better
-- thresholds: none
-- definition: petitions received in the quarter naming the station / population × 10,000.
-- reference:
WITH p AS (SELECT station_id, count(*)::INTEGER AS n FROM quarter_petitions($q_start, $q_end) GROUP BY station_id),
any_rows AS (SELECT count(*) > 0 AS yes FROM quarter_petitions($q_start, $q_end))
SELECT s.station_id,
       coalesce(p.n, 0) AS numerator,
       coalesce(s.population_resident, s.population_registered) AS denominator,
       CASE WHEN NOT (SELECT yes FROM any_rows) THEN 'no_petition_data'
            WHEN coalesce(s.population_resident, s.population_registered, 0) = 0 THEN 'no_population' END AS reason
FROM stations s
LEFT JOIN p ON p.station_id = s.station_id
WHERE s.unit_kind = 'station'
