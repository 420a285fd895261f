// The one core call behind `jiceng plan`: the staffing model, with the --move what-if and the --vary sensitivity.
import type { Workspace } from '../workspace.js';
import { msg } from '../i18n/message.js';
import { EXIT, UserError } from '../errors.js';
import { computePlan, type PlanResult } from './model.js';
import type { PlanSettings } from './params.js';
import { simulateMoves, type WhatIfResult } from './whatif.js';
import { computeSensitivity, type VarySpec, type SensitivityResult } from './sensitivity.js';

export interface PlanRequest {
  quarter?: string;
  overrides: PlanSettings;
  /** Officers to move (--move), from one organ (--from) or from every donor. */
  move?: number;
  from?: string;
  varies: VarySpec[];
}

export interface PlanRun {
  plan: PlanResult;
  whatif: WhatIfResult | null;
  sensitivity: SensitivityResult | null;
}

/** Checks the combination of options that needs no data (before the workspace is opened). */
export function checkPlanRequest(r: Pick<PlanRequest, 'move' | 'from' | 'varies'>, csv: boolean): void {
  if (r.from !== undefined && r.move === undefined) {
    throw new UserError(msg('plan_from_needs_move'), { hint: msg('plan_from_needs_move_hint', { u: r.from }), exitCode: EXIT.usage, code: 'usage' });
  }
  if (csv && r.move !== undefined && r.varies.length) throw new UserError(msg('plan_csv_one_table'), { exitCode: EXIT.usage, code: 'usage' });
}

export async function runPlan(ws: Workspace, r: PlanRequest): Promise<PlanRun> {
  const plan = await computePlan(ws, { quarter: r.quarter, overrides: r.overrides });
  return {
    plan,
    whatif: r.move === undefined ? null : simulateMoves(plan, plan.organs, r.move, r.from),
    sensitivity: r.varies.length ? computeSensitivity(plan, r.varies) : null,
  };
}

/** --move's value: a whole number ≥ 1. */
export function parseMove(raw: string): number {
  const v = raw.normalize('NFKC').trim();
  if (!/^\d+$/.test(v) || Number(v) < 1) {
    throw new UserError(msg('plan_bad_move_arg', { v: raw }), { hint: msg('plan_bad_move_hint'), exitCode: EXIT.usage, code: 'bad_move' });
  }
  return Number(v);
}
