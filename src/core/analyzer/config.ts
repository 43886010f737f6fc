import { SEVERITIES } from '../model';
import { rules } from './rules';
import type { AnalyzerConfig, FindingSeverity, RuleId } from './types';

/**
 * Rule settings as a linter reads them: each rule's defaults, then the map's `settings.rules`,
 * then a config file; a later layer's severity wins and its options merge over the earlier ones.
 * Nothing here throws: an unknown rule, a bad setting or a mistyped option is ignored and
 * reported as a problem, so a live canvas keeps analysing while someone fixes the typo.
 *
 * A configured severity replaces the severity of every finding of the rule, as in a linter, so it
 * also flattens a rule's own grading (human-join's error next to an AI step, warning elsewhere):
 * `["warning", { … }]` makes every verification-exceeds-work finding a warning. Findings that only
 * say a number is missing stay `info` whatever is configured.
 */

export interface ResolvedSetting {
  /** 'off': the rule does not run. undefined: the rule's own graded severities (nobody configured one). */
  severity: FindingSeverity | 'off' | undefined;
  options: Record<string, unknown>;
}

export type ConfigSource = 'map' | 'config';

export interface ConfigProblem {
  source: ConfigSource;
  /** Where, in the map (`settings.rules.x`) or the config file (`rules.x`). */
  path: string;
  message: string;
  /** 'shape': the setting or file is malformed (a CLI refuses such a config file); 'ignored': a rule or option was skipped. */
  kind: 'shape' | 'ignored';
}

export interface ConfigLayer {
  source: ConfigSource;
  config: AnalyzerConfig | undefined;
}

const SETTING_HINT = `must be one of ${SEVERITIES.join(', ')}, or [severity, { options }]`;

export function resolveSettings(layers: readonly ConfigLayer[]): {
  settings: Record<RuleId, ResolvedSetting>;
  problems: ConfigProblem[];
} {
  const settings = {} as Record<RuleId, ResolvedSetting>;
  for (const rule of rules) settings[rule.meta.id] = { severity: undefined, options: { ...rule.meta.defaultOptions } };
  const problems: ConfigProblem[] = [];
  for (const { source, config } of layers) {
    const prefix = source === 'map' ? 'settings.rules' : 'rules';
    const problem = (path: string, message: string, kind: ConfigProblem['kind'] = 'ignored') =>
      problems.push({ source, path, message, kind });
    if (config === undefined || config === null) continue;
    if (!isRecord(config)) {
      problem(source === 'map' ? 'settings' : '(top level)', 'must be an object such as { "rules": { … } }', 'shape');
      continue;
    }
    for (const key of Object.keys(config)) if (key !== 'rules') problem(key, `unknown field '${key}': only "rules" is read`, 'shape');
    const entries = config.rules;
    if (entries === undefined) continue;
    if (!isRecord(entries)) {
      problem(prefix, 'must be an object of rule id → setting', 'shape');
      continue;
    }
    for (const [id, value] of Object.entries(entries)) {
      const path = `${prefix}.${id}`;
      // An own property only: a rule named 'constructor' or 'toString' must not reach Object.prototype.
      const target = Object.hasOwn(settings, id) ? settings[id as RuleId] : undefined;
      if (!target) {
        problem(path, `unknown rule '${id}'${suggest(id)}`);
        continue;
      }
      const severity = Array.isArray(value) ? value[0] : value;
      const options = Array.isArray(value) ? value[1] : undefined;
      const wellFormed = Array.isArray(value) ? value.length === 2 && isRecord(options) : true;
      if (!wellFormed || !(SEVERITIES as readonly unknown[]).includes(severity)) {
        problem(path, SETTING_HINT, 'shape');
        continue;
      }
      target.severity = severity as ResolvedSetting['severity'];
      if (options) mergeOptions(target.options, options, `${path}[1]`, problem);
    }
  }
  return { settings, problems };
}

/** Copies the options that match the type of the rule's default; names the others. */
function mergeOptions(
  into: Record<string, unknown>,
  options: Record<string, unknown>,
  path: string,
  problem: (path: string, message: string) => void,
) {
  const known = Object.keys(into);
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) {
      problem(`${path}.${key}`, `unknown option '${key}' (options: ${known.join(', ') || 'none'})`);
      continue;
    }
    const fault = optionFault(into[key], value);
    if (fault) problem(`${path}.${key}`, `${fault}, got ${JSON.stringify(value) ?? String(value)}; the setting is ignored`);
    else into[key] = value;
  }
}

function optionFault(example: unknown, value: unknown): string | undefined {
  if (typeof example === 'number') {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : 'must be a number ≥ 0';
  }
  if (Array.isArray(example)) {
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be a list of text';
  }
  return typeof value === typeof example ? undefined : `must be ${typeof example}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** " (did you mean 'human-join'?)" for a near miss of a rule id, else "". */
function suggest(id: string): string {
  let best = '';
  let bestDistance = 4;
  for (const rule of rules) {
    const distance = editDistance(id.toLowerCase(), rule.meta.id);
    if (distance < bestDistance) [best, bestDistance] = [rule.meta.id, distance];
  }
  return best ? ` (did you mean '${best}'?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
