// `jiceng plan`: frontline officers each station needs for its workload, against those it has; --move what-if, --vary sensitivity.
// Parses the options, calls runPlan (src/plan/run.ts) and prints its view (src/plan/view.ts) or CSV (src/plan/csv.ts).
import type { Command } from 'commander';
import { helpTexts } from '../help.js';
import { openWorkspace } from '../../workspace.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import type { Lang } from '../../i18n/index.js';
import { parseSetArgs, validKeysText } from '../../plan/params.js';
import { parseVaries, varyList } from '../../plan/sensitivity.js';
import { checkPlanRequest, parseMove, runPlan, type PlanRun } from '../../plan/run.js';
import { planView, sensitivityView, whatIfView } from '../../plan/view.js';
import { planCsv, sensitivityCsv, whatifCsv } from '../../plan/csv.js';
import { say } from '../../i18n/message.js';

interface Flags {
  quarter?: string;
  json?: boolean;
  csv?: boolean;
  move?: string;
  from?: string;
  vary: string[];
  set: string[];
  hoursPerCase?: string;
  hoursPerCategory?: string;
  hoursPerPetition?: string;
  scheduledHours?: string;
  leaveHours?: string;
  trainingHours?: string;
  absenceHours?: string;
  availableHours?: string;
  ceiling?: string;
  ledgerHours?: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** The named flags as key=value settings, then --set (later wins). */
const NAMED: Array<[keyof Flags, string]> = [
  ['hoursPerCase', 'hours_per_case'], ['hoursPerCategory', 'hours_per_category'], ['hoursPerPetition', 'hours_per_petition'],
  ['scheduledHours', 'scheduled_hours_per_quarter'], ['leaveHours', 'leave_hours_per_quarter'], ['trainingHours', 'training_hours_per_quarter'],
  ['absenceHours', 'absence_hours_per_quarter'], ['availableHours', 'available_hours_per_officer'], ['ceiling', 'committed_ceiling'],
  ['ledgerHours', 'include_ledger_hours'],
];
const settingsOf = (f: Flags): string[] => [...NAMED.filter(([k]) => f[k] !== undefined).map(([k, key]) => `${key}=${String(f[k])}`), ...f.set];

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('plan')
    .description(t('help_plan'))
    .option('-q, --quarter <quarter>', t('help_opt_quarter'))
    .option('--json', t('help_opt_json_document'))
    .option('--csv', t('help_plan_csv'))
    .option('--move <n>', t('help_plan_move'))
    .option('--from <unit>', t('help_plan_from'))
    .option('--vary <param=±r>', t('help_plan_vary', { params: say(varyList(), lang) }), collect, [])
    .option('--hours-per-case <list>', t('help_plan_hours_per_case'))
    .option('--hours-per-category <list>', t('help_plan_hours_per_category'))
    .option('--hours-per-petition <h>', t('help_plan_hours_per_petition'))
    .option('--scheduled-hours <h>', t('help_plan_scheduled'))
    .option('--leave-hours <h|%>', t('help_plan_leave'))
    .option('--training-hours <h|%>', t('help_plan_training'))
    .option('--absence-hours <h|%>', t('help_plan_absence'))
    .option('--available-hours <h>', t('help_plan_available'))
    .option('--ceiling <share>', t('help_plan_ceiling'))
    .option('--ledger-hours', t('help_plan_ledger_hours'))
    .option('--no-ledger-hours', t('help_plan_no_ledger_hours'))
    .option('--set <key=value>', t('help_plan_set', { keys: validKeysText(lang) }), collect, [])
    .addHelpText('after', t('help_plan_after'))
    .action(
      action(async (flags: Flags, cmd: Command) => {
        const { lang: L, workspaceDir } = contextOf(cmd);
        const overrides = parseSetArgs(settingsOf(flags));
        const move = flags.move === undefined ? undefined : parseMove(flags.move);
        const varies = parseVaries(flags.vary);
        checkPlanRequest({ move, from: flags.from, varies }, Boolean(flags.csv && !flags.json));
        const ws = await openWorkspace(workspaceDir, { readOnly: true });
        try {
          const run = await runPlan(ws, { quarter: flags.quarter, overrides, move, from: flags.from, varies });
          if (flags.json) out.json({ ...run.plan, ...(run.whatif ? { whatif: run.whatif } : {}), ...(run.sensitivity ? { sensitivity: run.sensitivity } : {}) });
          else if (flags.csv) out.write(csvOf(run));
          else out.blocks([...planView(run.plan, L), ...(run.whatif ? whatIfView(run.whatif, L) : []), ...(run.sensitivity ? sensitivityView(run.sensitivity, L) : [])]);
        } finally {
          ws.close();
        }
      }),
    );
}

/** --csv prints one table: the what-if, else the sensitivity, else the plan. */
function csvOf(run: PlanRun): string {
  if (run.whatif) return whatifCsv(run.whatif);
  if (run.sensitivity) return sensitivityCsv(run.sensitivity);
  return planCsv(run.plan);
}
