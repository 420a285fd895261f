// jiceng.json is checked against one schema when read: an unknown key or a wrong type is one line naming it.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initWorkspace, readConfig } from '../src/workspace.js';
import { isUserError } from '../src/errors.js';
import { tmp } from './helpers.js';
import { runCli } from './cli.js';

let ws = '';
let file = '';
let fresh: Record<string, unknown> = {};
beforeAll(async () => {
  ws = join(tmp('jiceng-config-'), 'ws');
  await initWorkspace(ws);
  file = join(ws, 'jiceng.json');
  fresh = JSON.parse(readFileSync(file, 'utf8'));
});

/** Writes jiceng.json as the fresh one with `extra` laid over it. */
const write = (extra: Record<string, unknown>): void => writeFileSync(file, JSON.stringify({ ...fresh, ...extra }, null, 2));

describe('jiceng.json schema', () => {
  it('a valid file, every section set, reads as written', () => {
    const full = {
      county: '平安县',
      metrics: { min_denominator: 3, clearance_window_days: 45 },
      scorecard: { method: 'rank', weights: { frontline_share: 1 }, directions: { declared_vs_recorded: 'closest_to_zero' } },
      sample: { rate: 0.2, stratify: ['station'], min_per_stratum: 2, include_all_above: null, defect_types: ['其他'], tolerable_rate: 0.05, confidence: 0.9 },
      plan: { hours_per_case: { criminal: 20 }, hours_per_category: { 诈骗: 30 }, leave_hours_per_quarter: '8%', available_hours_per_officer: null, include_ledger_hours: false },
    };
    write(full);
    const c = readConfig(ws);
    expect(c.county).toBe('平安县');
    expect(c.metrics).toEqual({ min_denominator: 3, clearance_window_days: 45 });
    expect((c.plan as { leave_hours_per_quarter: string }).leave_hours_per_quarter).toBe('8%');
  });

  it('an unknown top-level key: exit 2, one line naming the key and the file, and the keys allowed', async () => {
    write({ thresholds: { frontline_share: 0.6 } });
    const r = await runCli(['status', '-w', ws, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `jiceng: ${file}: unknown setting thresholds (allowed here: config_version, post_keywords, county, metrics, scorecard, sample, plan)\n` +
        'hint: check the spelling, or delete the setting\n',
    );
    const zh = await runCli(['status', '-w', ws]);
    expect(zh.stderr.split('\n')[0]).toBe(`jiceng: ${file}：未知的设置项 thresholds（此处可用：config_version, post_keywords, county, metrics, scorecard, sample, plan）`);
  });

  it('an unknown nested key is named by its path', () => {
    write({ metrics: { min_denominatr: 3 } });
    const e = (() => {
      try {
        readConfig(ws);
      } catch (x) {
        return x;
      }
    })();
    expect(isUserError(e) && e.msg?.code).toBe('config_unknown_key');
    expect(isUserError(e) && e.msg?.params).toMatchObject({ key: 'metrics.min_denominatr', known: 'min_denominator, clearance_window_days', path: file });
  });

  it('a wrong type at the top: the key, what was expected and what was there', async () => {
    write({ county: 12 });
    const r = await runCli(['metrics', '--list', '-w', ws, '--lang', 'en']);
    // metrics --list reads no workspace: the config is read by commands that open one.
    expect(r.code).toBe(0);
    const s = await runCli(['status', '-w', ws, '--lang', 'en']);
    expect(s.code).toBe(2);
    expect(s.stderr.split('\n')[0]).toBe(`jiceng: ${file}: county should be a text, not the number 12`);
  });

  it('a wrong type nested in a section', async () => {
    write({ metrics: { min_denominator: '5' } });
    const r = await runCli(['status', '-w', ws, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`jiceng: ${file}: metrics.min_denominator should be a whole number, not the text "5"`);
    write({ plan: { hours_per_case: { criminal: 'twenty' } } });
    const p = await runCli(['status', '-w', ws, '--lang', 'zh']);
    expect(p.code).toBe(2);
    expect(p.stderr.split('\n')[0]).toBe(`jiceng: ${file}：plan.hours_per_case.criminal 应为数字，实际为文本 "twenty"`);
    write({ post_keywords: [['frontline', '巡逻']] });
    const k = await runCli(['status', '-w', ws, '--lang', 'en']);
    expect(k.stderr.split('\n')[0]).toBe(`jiceng: ${file}: post_keywords[0][1] should be a list (each item a text), not the text "巡逻"`);
    write({ sample: { include_all_above: 'all' } });
    const n = await runCli(['status', '-w', ws, '--lang', 'en']);
    expect(n.stderr.split('\n')[0]).toBe(`jiceng: ${file}: sample.include_all_above should be one of: a number; null, not the text "all"`);
  });

  it('the file init writes passes', async () => {
    writeFileSync(file, JSON.stringify(fresh, null, 2));
    expect((await runCli(['status', '-w', ws])).code).toBe(0);
  });
});
