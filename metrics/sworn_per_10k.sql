-- id: sworn_per_10k
-- title_en: Sworn officers per 10,000 residents (stations)
-- title_zh: 每万人口民警数（派出所）
-- short_en: sworn/10k (stations)
-- short_zh: 万人民警（派出所）
-- group: staffing
-- order: 10
-- unit: per_10k
-- scale: 10000
-- grain: station
-- county: pooled
-- direction: higher_is_better
-- thresholds: min 15 for urban; min 3 for rural
-- definition: sworn headcount of the station / population (resident, else registered) × 10,000.
--   County: sworn officers working in stations / population of those stations × 10,000 (pooled).
-- reference: seed 004: 15 per 10k in cities, 3 per 10k in the countryside (1998)
-- # ── Header grammar (every metric file) ──────────────────────────────────────────────────────
-- # The file opens with "-- key: value" lines; the header ends at the first line not starting
-- # with "--", and one SELECT follows. "-- # …" lines are comments; a line "--   …" (the text
-- # indented after "-- ") continues the previous value. Keys (* = required):
-- #   id*          snake_case, equal to the file name without .sql
-- #   title_en*, title_zh*
-- #   short_en, short_zh   column labels for tables (default: the titles)
-- #   unit*        share (a fraction 0..1, shown as %), per_10k, count, persons, cases, items,
-- #                days, hours, ratio, cases_per_officer, or any word (shown as written)
-- #   grain*       station | county (county: the SELECT returns county rows only)
-- #   direction*   higher_is_better | lower_is_better | neutral
-- #   group        staffing | workload | report_burden | petitions | backtracking | integrity |
-- #                other (default other)
-- #   order        sort position inside the group (default 1000)
-- #   thresholds   none | rule { ";" rule }
-- #                rule   := ("min" | "max") number ["%"] ["for" target {"," target}]
-- #                target := urban | town | rural | station | county
-- #                min X: breach when the value is below X; max X: breach when above X.
-- #                "%" divides by 100 (shares are fractions). "for urban" applies the rule to
-- #                stations whose area_type is urban; "for county" to county rows only; no
-- #                "for": every row. Default none.
-- #   county       pooled (default): the county value is the sum of the stations' numerators
-- #                over the sum of their denominators (the sum of numerators when the SELECT
-- #                has no denominator column), over stations with no reason;
-- #                query: the SELECT also returns rows with scope = 'county' and a county column;
-- #                none: no county value.
-- #   scale        the value is numerator / denominator × scale (default 1)
-- #   interval     clopper_pearson 95% : adds a two-sided exact interval to detail
-- #   definition, reference   text shown in the legend and reports
-- #   x_…          free keys for your own use; x_compare: none gives no quarter-over-quarter
-- #                change (a figure cut at the data date, e.g. clearance_rate)
-- # The SELECT returns one row per station: station_id, numerator, [denominator], [value],
-- # [reason], [detail], [breach]. value (when given) wins over numerator / denominator × scale;
-- # a non-null reason (a code from src/metrics/format.ts or plain text) makes the value null;
-- # detail is JSON text (to_json(…)) or a struct; breach = true flags the row whatever the
-- # thresholds say. With county: query, rows with scope = 'county' carry a county column.
-- # Named parameters: $q_start, $q_end (DATE, the quarter's first and last day), $q_label
-- # (VARCHAR, e.g. 2026Q3), $data_date (DATE: the day the quarter's case figures are true as of,
-- # --as-of or the case loads'; NULL without cases), $petition_data_date (the same for petitions),
-- # $window_days (INTEGER, metrics.clearance_window_days in jiceng.json, default 30). Macros from metrics/_prelude.sql: unit_staff($q_end),
-- # staff_snapshot($q_end), quarter_cases($q_start, $q_end), quarter_ledger(…), quarter_petitions(…),
-- # backtrack_population(…), latest_sample($q_label), jc_item_key(s).
SELECT unit_id AS station_id,
       sworn AS numerator,
       population AS denominator,
       CASE WHEN staff_source IS NULL THEN 'no_staff_data'
            WHEN coalesce(population, 0) = 0 THEN 'no_population' END AS reason
FROM unit_staff($q_end)
WHERE unit_kind = 'station'
