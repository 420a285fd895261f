// The workspace config (jiceng.json): every tunable parameter with its documented default.
import { DEFAULT_POST_KEYWORDS } from './contract/kinds.js';

export interface WorkspaceConfig {
  /** Schema of this file, so a newer jiceng can migrate it. */
  config_version: number;
  /** Post keywords (staffing.post → post_class), tried in order, first match wins. */
  post_keywords: Array<[string, string[]]>;
  /** Free-form sections owned by other modules (scorecard, plan, sample); defaults live with them. */
  [section: string]: unknown;
}

export const DEFAULT_CONFIG: WorkspaceConfig = {
  config_version: 1,
  post_keywords: DEFAULT_POST_KEYWORDS,
};

/** Returns a section of the config merged over its defaults (shallowly, key by key). */
export function configSection<T extends object>(config: WorkspaceConfig, name: string, defaults: T): T {
  const given = config[name];
  if (given && typeof given === 'object' && !Array.isArray(given)) return { ...defaults, ...(given as Partial<T>) };
  return defaults;
}
