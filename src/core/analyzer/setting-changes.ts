import { SEVERITIES } from '../model';
import type { ConfigLayer } from './config';
import { ruleMeta } from './rules';
import type { FindingSeverity, SettingChange } from './types';

/** Rules that grade their own severity (error next to an AI step, warning elsewhere): any configured severity flattens that. */
const GRADED = new Set(['human-join', 'verification-exceeds-work', 'no-accountable-owner']);

/**
 * Every rule setting that differs from the defaults, layer by layer (the map's settings, then a
 * config file), so the plan and the review panel can disclose it: a rule turned off or a
 * threshold raised changes what the analysis can say, and a board must see that it was.
 * Settings the analyzer ignored (unknown rules, malformed values) change nothing and are not listed.
 */
export function settingChanges(layers: readonly ConfigLayer[]): SettingChange[] {
  const changes: SettingChange[] = [];
  for (const { source, config } of layers) {
    const entries = isRecord(config) && isRecord(config.rules) ? config.rules : undefined;
    if (!entries) continue;
    for (const [rule, value] of Object.entries(entries)) {
      const meta = ruleMeta(rule);
      if (!meta) continue;
      const severity = Array.isArray(value) ? value[0] : value;
      if (!(SEVERITIES as readonly unknown[]).includes(severity)) continue;
      const options = Array.isArray(value) && isRecord(value[1]) ? changedOptions(meta.defaultOptions, value[1]) : undefined;
      const change: SettingChange = { rule, source };
      if (severity !== meta.defaultSeverity || GRADED.has(rule)) change.severity = severity as FindingSeverity | 'off';
      if (options) change.options = options;
      if (change.severity !== undefined || change.options) changes.push(change);
    }
  }
  return changes;
}

/** Known options whose value differs from the default (compared as JSON); undefined when none does. */
function changedOptions(defaults: Record<string, unknown>, options: Record<string, unknown>): Record<string, unknown> | undefined {
  const changed = Object.entries(options).filter(
    ([key, value]) => Object.hasOwn(defaults, key) && JSON.stringify(value) !== JSON.stringify(defaults[key]),
  );
  return changed.length ? Object.fromEntries(changed) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A setting change in a few words: "off (map settings)", "maxOverrideRate 0.3 (config file)". */
export function describeSettingChange(change: SettingChange): string {
  const parts: string[] = [];
  if (change.severity === 'off') parts.push('turned off');
  else if (change.severity) parts.push(`every finding a${change.severity === 'error' ? 'n' : ''} ${change.severity}`);
  for (const [key, value] of Object.entries(change.options ?? {})) parts.push(`${key} ${JSON.stringify(value)}`);
  return `${parts.join(', ')} (${change.source === 'map' ? "the map's settings" : 'a config file'})`;
}
