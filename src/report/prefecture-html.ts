// The prefecture report as one offline HTML file (same safety rules as html.ts: escaped templates, no script, a CSP).
import { msg, say } from '../i18n/message.js';
import { documentHead, Html, html } from './html.js';
import { labelled, metricLegend, scoreMethodName, t } from './labels.js';
import { listText } from '../format.js';
import { fixed, formatNumber } from '../format.js';
import type { PrefectureCell, PrefectureGroup, PrefectureMetric, PrefectureModel } from './prefecture.js';
import { trendSection } from './trend.js';


function cellHtml(c: PrefectureCell | null, m: PrefectureMetric): Html {
  if (!c) return html``;
  if (c.value === null) return html`<span title="${c.reason ?? ''}">—</span>`;
  const n = m.unit === 'share' && c.numerator !== null && c.denominator !== null ? html` <span class="chg">${c.numerator}/${c.denominator}</span>` : '';
  const rank = c.rank !== null ? html`<span class="chg">#${c.rank}</span>` : '';
  return html`${formatNumber(c.value, m.unit)}${c.breach ? html`<span class="mark"> ▼</span>` : ''}${n}${rank}`;
}

function groupTable(g: PrefectureGroup, lang: PrefectureModel['lang']): Html {
  return html`<h3>${g.title}</h3><div class="${g.metrics.length > 6 ? 'wide' : ''}"><table data-group="${g.group}"><thead><tr><th>${say(msg('trend_county'), lang)}</th>${g.metrics.map((m) => html`<th class="num">${m.short}</th>`)}</tr></thead><tbody>${g.rows.map(
    (r) => html`<tr><td class="label">${r.county.label}</td>${g.metrics.map((m) => {
      const c = r.cells[m.id];
      return html`<td class="num${c?.breach ? ' breach' : ''}" data-metric="${m.id}">${cellHtml(c, m)}</td>`;
    })}</tr>`,
  )}</tbody></table></div><p class="legend">${g.metrics.map((m) => html`<span>${metricLegend({ ...m, thresholds_text: '' }, lang)}</span>`)}</p>`;
}

function countiesSection(p: PrefectureModel): Html {
  const lang = p.lang;
  const breaches = p.breaches.length
    ? html`<table><thead><tr><th>${say(msg('trend_county'), lang)}</th><th>${t('report_metric', lang)}</th><th class="num">${t('report_value', lang)}</th><th>${t('report_threshold', lang)}</th></tr></thead><tbody>${p.breaches.map(
        (b) => html`<tr><td class="label">${b.county}</td><td>${b.metric.title}</td><td class="num breach">${formatNumber(b.value, b.metric.unit)}</td><td>${b.threshold}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${say(msg('prefecture_no_breaches'), lang)}</p>`;
  return html`<section id="sec-counties"><h2>${say(msg('prefecture_counties'), lang)}</h2><p class="note">${say(msg('prefecture_counties_note'), lang)}</p>
<table class="compact"><thead><tr><th>${say(msg('trend_county'), lang)}</th><th class="num">${say(msg('prefecture_stations'), lang)}</th></tr></thead><tbody>${p.counties.map((c) => html`<tr><td class="label">${c.label}</td><td class="num">${c.stations}</td></tr>`)}</tbody></table>
${p.groups.map((g) => groupTable(g, lang))}
<h3>${say(msg('prefecture_breaches'), lang)}</h3>${breaches}</section>`;
}

function rankingSection(p: PrefectureModel): Html {
  const lang = p.lang;
  return html`<section id="sec-ranking"><h2>${say(msg('prefecture_ranking'), lang)}</h2><p class="note">${say(msg('prefecture_ranking_note', { method: scoreMethodName(p.ranking.method, lang) }), lang)}</p>
<table class="compact"><thead><tr><th class="num">${t('report_rank', lang)}</th><th>${t('report_station', lang)}</th><th>${say(msg('trend_county'), lang)}</th><th class="num">${t('report_score', lang)}</th><th class="num">${say(msg('prefecture_breach_count'), lang)}</th><th>${t('report_missing', lang)}</th></tr></thead><tbody>${p.ranking.rows.map(
    (r) => html`<tr><td class="num">${r.rank ?? '—'}</td><td class="label">${r.label}</td><td>${r.county ?? ''}</td><td class="num">${fixed(r.score, 1)}</td><td class="num">${r.breaches}</td><td class="note">${listText(r.missing, lang)}</td></tr>`,
  )}</tbody></table></section>`;
}

function issuersSection(p: PrefectureModel): Html {
  const lang = p.lang;
  if (!p.issuers.length) return html`<section id="sec-issuers"><h2>${say(msg('prefecture_issuers'), lang)}</h2><p>${say(msg('prefecture_no_issuers'), lang)}</p></section>`;
  const cs = p.counties.map((c) => c.label);
  return html`<section id="sec-issuers"><h2>${say(msg('prefecture_issuers'), lang)}</h2><p class="note">${say(msg('prefecture_issuers_note'), lang)}</p>
<table><thead><tr><th>${say(msg('prefecture_issuer'), lang)}</th>${cs.map((c) => html`<th class="num">${c}</th>`)}<th class="num">${t('report_total', lang)}</th><th class="num">${say(msg('prefecture_hours'), lang)}</th></tr></thead><tbody>${p.issuers.map(
    (r) => html`<tr><td class="label">${r.issuer}</td>${cs.map((c) => html`<td class="num">${r.items[c] ?? 0}</td>`)}<td class="num">${r.total_items}</td><td class="num">${fixed(r.total_hours, 1)}</td></tr>`,
  )}</tbody></table></section>`;
}

/** Renders the prefecture report: counties side by side, the joint ranking, issuing departments, the counties' trends. */
export function renderPrefectureHtml(p: PrefectureModel): string {
  const lang = p.lang;
  const sections: Array<{ id: string; title: string; body: Html }> = [
    { id: 'sec-counties', title: say(msg('prefecture_counties'), lang), body: countiesSection(p) },
    { id: 'sec-ranking', title: say(msg('prefecture_ranking'), lang), body: rankingSection(p) },
    { id: 'sec-issuers', title: say(msg('prefecture_issuers'), lang), body: issuersSection(p) },
  ];
  if (p.trend) sections.push({ id: 'sec-trend', title: say(msg('trend_title'), lang), body: trendSection(p.trend, lang, { unitTitle: say(msg('trend_county'), lang) }) });
  return html`${documentHead(lang, p.title, p.tool_version)}
<body>
<header class="cover">
<h1>${p.title}</h1>
<p class="meta">${t('report_period', lang, { start: p.start, end: p.end })}</p>
<p class="meta">${t('report_generated', lang, { at: p.generated_at, v: p.tool_version })}</p>
${p.warnings.length ? html`<ul class="warn">${p.warnings.map((w) => html`<li>${labelled(t('report_warnings', lang), w, lang)}</li>`)}</ul>` : ''}
<nav class="toc"><b>${t('report_toc', lang)}</b><ol>${sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>
</header>
${sections.map((s) => s.body)}
</body>
</html>
`.value;
}
