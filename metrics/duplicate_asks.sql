-- id: duplicate_asks
-- title_en: Items asked by two or more departments
-- title_zh: 多头重复要求事项数
-- short_en: duplicates
-- short_zh: 重复要求
-- group: report_burden
-- order: 80
-- unit: items
-- grain: station
-- county: query
-- direction: lower_is_better
-- thresholds: none
-- definition: distinct normalized item names (trim, drop spaces and punctuation, full-width →
--   half-width) asked of the station by two or more different issuers in the quarter; the items
--   and their issuers are in detail. County: items asked by two or more issuers over all the
--   stations' rows.
-- reference:
WITH keys AS (
  -- Each distinct item name is normalized once: a regular expression per row cost more than the rest.
  SELECT item, jc_item_key(item) AS item_key FROM (SELECT DISTINCT item FROM quarter_ledger($q_start, $q_end))),
l AS (
  SELECT q.station_id, s.county, k.item_key, q.item,
         nullif(trim(q.issuer), '') AS issuer
  FROM quarter_ledger($q_start, $q_end) q
  JOIN stations s ON s.station_id = q.station_id AND s.unit_kind = 'station'
  JOIN keys k ON k.item = q.item),
any_rows AS (SELECT count(*) > 0 AS yes FROM quarter_ledger($q_start, $q_end)),
st AS (
  SELECT station_id, item_key, min(item) AS item, list(DISTINCT issuer ORDER BY issuer) FILTER (WHERE issuer IS NOT NULL) AS issuers
  FROM l WHERE item_key IS NOT NULL GROUP BY station_id, item_key
  HAVING count(DISTINCT issuer) >= 2),
co AS (
  SELECT county, item_key, min(item) AS item, list(DISTINCT issuer ORDER BY issuer) FILTER (WHERE issuer IS NOT NULL) AS issuers
  FROM l WHERE item_key IS NOT NULL GROUP BY county, item_key
  HAVING count(DISTINCT issuer) >= 2)
SELECT 'station' AS scope, s.station_id, NULL::VARCHAR AS county,
       count(st.item_key)::INTEGER AS numerator,
       CASE WHEN NOT (SELECT yes FROM any_rows) THEN 'no_ledger_data' END AS reason,
       to_json({items: coalesce(list({item: st.item, issuers: st.issuers} ORDER BY st.item_key) FILTER (WHERE st.item_key IS NOT NULL), [])})::VARCHAR AS detail
FROM stations s
LEFT JOIN st ON st.station_id = s.station_id
WHERE s.unit_kind = 'station'
GROUP BY s.station_id
UNION ALL
SELECT 'county', NULL, s.county,
       count(co.item_key)::INTEGER,
       CASE WHEN NOT (SELECT yes FROM any_rows) THEN 'no_ledger_data' END,
       to_json({items: coalesce(list({item: co.item, issuers: co.issuers} ORDER BY co.item_key) FILTER (WHERE co.item_key IS NOT NULL), [])})::VARCHAR
FROM (SELECT DISTINCT county FROM stations WHERE unit_kind = 'station') s
LEFT JOIN co ON co.county IS NOT DISTINCT FROM s.county
GROUP BY s.county
