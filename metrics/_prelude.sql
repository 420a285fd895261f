-- Shared definitions for every metric (../shared/METRICS.md, "Shared definitions"), as TEMP macros.
-- Not a metric: files whose name starts with "_" are not metrics. jiceng runs this file once per
-- connection before the metric files (src/metrics/run.ts installPrelude); the plan module reuses it.
-- Macros that depend on the quarter take its bounds as arguments, so a metric file calls them with
-- the named parameters the runner binds: FROM unit_staff($q_end), FROM quarter_cases($q_start, $q_end).

-- Full-width ASCII forms (！..～) and the ideographic space → half-width.
CREATE OR REPLACE TEMP MACRO jc_halfwidth(s) AS
  translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ');

-- An item name normalized for duplicate_asks: trim, full-width → half-width, drop spaces and punctuation
-- (Unicode P and S classes), and fold case (as src/contract/normalize.ts normalizeLoose does).
CREATE OR REPLACE TEMP MACRO jc_item_key(s) AS
  nullif(lower(regexp_replace(jc_halfwidth(trim(s)), '[\p{P}\p{S}\p{Z}\s]+', '', 'g')), '');

-- A DATE or TIMESTAMP falls in the quarter [q_start, q_end] (both inclusive calendar days).
CREATE OR REPLACE TEMP MACRO jc_in_quarter(d, q_start, q_end) AS
  CAST(d AS DATE) BETWEEN CAST(q_start AS DATE) AND CAST(q_end AS DATE);

-- Staffing snapshot: per person, the row with the latest as_of on or before the quarter's last day;
-- if none, the earliest after it. work_unit_id is where the person works: seconded_to when the status
-- is seconded, else the unit (NULL when that unit could not be resolved).
CREATE OR REPLACE TEMP MACRO staff_snapshot(q_end) AS TABLE
  SELECT s.* REPLACE (coalesce(s.status, 'on_duty') AS status),
         CASE WHEN coalesce(s.status, 'on_duty') = 'seconded' THEN s.seconded_to_id ELSE s.unit_id END AS work_unit_id
  FROM staffing s
  QUALIFY row_number() OVER (
    PARTITION BY s.person_id
    ORDER BY CASE WHEN s.as_of IS NULL THEN 2 WHEN s.as_of <= CAST(q_end AS DATE) THEN 0 ELSE 1 END,
             CASE WHEN s.as_of <= CAST(q_end AS DATE) THEN s.as_of END DESC,
             s.as_of) = 1;

-- Headcount table snapshot: per unit, the row chosen by the same as_of rule.
CREATE OR REPLACE TEMP MACRO headcount_snapshot(q_end) AS TABLE
  SELECT h.*
  FROM headcount h
  WHERE h.unit_id IS NOT NULL
  QUALIFY row_number() OVER (
    PARTITION BY h.unit_id
    ORDER BY CASE WHEN h.as_of IS NULL THEN 2 WHEN h.as_of <= CAST(q_end AS DATE) THEN 0 ELSE 1 END,
             CASE WHEN h.as_of <= CAST(q_end AS DATE) THEN h.as_of END DESC,
             h.as_of) = 1;

-- One row per unit of the stations table with its headcount for the quarter.
-- staff_source: 'roster' when some snapshot row has the unit as its unit (the roster wins), else
-- 'headcount' when the headcount table has a row for it, else 'roster' when roster persons are
-- seconded into it, else NULL (nothing known: counts are NULL).
-- Counts are of persons working in the unit whose status is on_duty or seconded. Breakdown columns
-- (frontline, command, office, qualified, auxiliary, civilian, seconded_out) are NULL when a
-- headcount row lacks them; qualified is NULL for a roster unit none of whose sworn staff has a
-- known 执法资格. seconded_out: persons whose unit is this one but who are seconded elsewhere.
CREATE OR REPLACE TEMP MACRO unit_staff(q_end) AS TABLE
  WITH snap AS (SELECT * FROM staff_snapshot(q_end)),
  own AS (
    SELECT unit_id,
           count(*) FILTER (WHERE status = 'seconded' AND seconded_to_id IS DISTINCT FROM unit_id)::INTEGER AS seconded_out
    FROM snap WHERE unit_id IS NOT NULL GROUP BY unit_id),
  work AS (
    SELECT work_unit_id AS unit_id,
           count(*) FILTER (WHERE personnel_type = 'sworn')::INTEGER AS sworn,
           count(*) FILTER (WHERE personnel_type = 'auxiliary')::INTEGER AS auxiliary,
           count(*) FILTER (WHERE personnel_type = 'civilian')::INTEGER AS civilian,
           count(*) FILTER (WHERE personnel_type = 'sworn' AND post_class = 'frontline')::INTEGER AS frontline,
           count(*) FILTER (WHERE personnel_type = 'sworn' AND post_class = 'command')::INTEGER AS command,
           count(*) FILTER (WHERE personnel_type = 'sworn' AND post_class = 'office')::INTEGER AS office,
           count(*) FILTER (WHERE personnel_type = 'sworn' AND law_enforcement_qualified)::INTEGER AS qualified,
           count(*) FILTER (WHERE personnel_type = 'sworn' AND law_enforcement_qualified IS NOT NULL)::INTEGER AS qualified_known
    FROM snap
    WHERE status IN ('on_duty', 'seconded') AND work_unit_id IS NOT NULL
    GROUP BY work_unit_id),
  hc AS (SELECT * FROM headcount_snapshot(q_end)),
  base AS (
    SELECT s.station_id AS unit_id, s.station_name AS unit_name, s.county, s.unit_kind,
           s.unit_kind IN ('station', 'outpost') AS is_grassroots, s.area_type,
           coalesce(s.population_resident, s.population_registered) AS population,
           s.authorized_strength,
           CASE WHEN own.unit_id IS NOT NULL THEN 'roster'
                WHEN hc.unit_id IS NOT NULL THEN 'headcount'
                WHEN work.unit_id IS NOT NULL THEN 'roster' END AS staff_source,
           own.seconded_out AS r_seconded_out,
           work.sworn AS r_sworn, work.auxiliary AS r_auxiliary, work.civilian AS r_civilian,
           work.frontline AS r_frontline, work.command AS r_command, work.office AS r_office,
           work.qualified AS r_qualified, work.qualified_known AS r_qualified_known,
           hc.as_of AS headcount_as_of, hc.sworn AS h_sworn, hc.auxiliary AS h_auxiliary, hc.civilian AS h_civilian,
           hc.frontline AS h_frontline, hc.command AS h_command, hc.office AS h_office,
           hc.qualified AS h_qualified, hc.seconded_out AS h_seconded_out
    FROM stations s
    LEFT JOIN own ON own.unit_id = s.station_id
    LEFT JOIN work ON work.unit_id = s.station_id
    LEFT JOIN hc ON hc.unit_id = s.station_id)
  SELECT unit_id, unit_name, county, unit_kind, is_grassroots, area_type, population, authorized_strength,
         staff_source, headcount_as_of,
         CASE staff_source WHEN 'roster' THEN coalesce(r_sworn, 0) WHEN 'headcount' THEN h_sworn END AS sworn,
         CASE staff_source WHEN 'roster' THEN coalesce(r_auxiliary, 0) WHEN 'headcount' THEN h_auxiliary END AS auxiliary,
         CASE staff_source WHEN 'roster' THEN coalesce(r_civilian, 0) WHEN 'headcount' THEN h_civilian END AS civilian,
         CASE staff_source WHEN 'roster' THEN coalesce(r_frontline, 0) WHEN 'headcount' THEN h_frontline END AS frontline,
         CASE staff_source WHEN 'roster' THEN coalesce(r_command, 0) WHEN 'headcount' THEN h_command END AS command,
         CASE staff_source WHEN 'roster' THEN coalesce(r_office, 0) WHEN 'headcount' THEN h_office END AS office,
         CASE staff_source
           WHEN 'roster' THEN CASE WHEN coalesce(r_sworn, 0) > 0 AND coalesce(r_qualified_known, 0) = 0 THEN NULL
                                   ELSE coalesce(r_qualified, 0) END
           WHEN 'headcount' THEN h_qualified END AS qualified,
         CASE staff_source WHEN 'roster' THEN coalesce(r_seconded_out, 0) WHEN 'headcount' THEN h_seconded_out END AS seconded_out
  FROM base;

-- Cases received in the quarter (by received_at).
CREATE OR REPLACE TEMP MACRO quarter_cases(q_start, q_end) AS TABLE
  SELECT * FROM cases WHERE jc_in_quarter(received_at, q_start, q_end);

-- The backtrack population: major criminal and public-security cases received in the quarter.
-- is_major NULL (the export had no 是否重大 column) counts as major.
CREATE OR REPLACE TEMP MACRO backtrack_population(q_start, q_end) AS TABLE
  SELECT * FROM cases
  WHERE jc_in_quarter(received_at, q_start, q_end)
    AND case_type IN ('criminal', 'public_security')
    AND coalesce(is_major, true);

-- The latest audit sample drawn for the quarter (by created_at); quarter labels compared as 2026Q3.
CREATE OR REPLACE TEMP MACRO latest_sample(q_label) AS TABLE
  SELECT * FROM samples
  WHERE regexp_replace(upper(quarter), '[^0-9Q]', '', 'g') = q_label
  QUALIFY row_number() OVER (ORDER BY created_at DESC NULLS LAST, sample_id DESC) = 1;

-- Ledger rows and petitions of the quarter.
CREATE OR REPLACE TEMP MACRO quarter_ledger(q_start, q_end) AS TABLE
  SELECT * FROM ledger WHERE jc_in_quarter("date", q_start, q_end);

CREATE OR REPLACE TEMP MACRO quarter_petitions(q_start, q_end) AS TABLE
  SELECT * FROM petitions WHERE jc_in_quarter(received_at, q_start, q_end);
