import type { Program } from '../../core/model';

/**
 * `current` (the program as it is now: a colleague may have saved since the dialog opened) with
 * the parts `edited` changes from `opened`, and only those: two editors saving different fields
 * keep both, and a field both changed is the later save's.
 */
export function changedOnto(current: Program, opened: Program, edited: Program): Program {
  const result: Program = { ...current };
  for (const key of ['sponsor', 'lead', 'milestone', 'measures'] as const) {
    if (JSON.stringify(edited[key]) === JSON.stringify(opened[key])) continue;
    if (edited[key] === undefined) delete result[key];
    else Object.assign(result, { [key]: edited[key] });
  }
  return result;
}
