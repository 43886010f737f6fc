import type { Fix } from '../../core/analyzer';
import { fixedValue } from '../../core/analyzer/apply-fix';
import type { Join, StallMap, Step } from '../../core/model';

/**
 * What a fix of today's finding would do to the redesign: nothing to apply to (no redesign, a fix
 * that names nothing, or none of its targets left in the redesign), already applied (applying it
 * would change nothing: each field holds the fix's value, or a lower number the team chose, and
 * the steps it takes out of the way are gone), or something to apply (to the targets the
 * redesign still has: the rest were redrawn by hand).
 */
export type FixStatus = 'unavailable' | 'applied' | 'applicable';

type Fields = Readonly<Record<string, unknown>>;
type Redesign = NonNullable<StallMap['redesign']>;

// Every finding's button asks on each change of the map (a drag is many): index the redesign once per version of it.
const indexes = new WeakMap<Redesign, ReadonlyMap<string, Fields>>();

function indexOf(redesign: Redesign): ReadonlyMap<string, Fields> {
  let index = indexes.get(redesign);
  if (!index) {
    index = new Map<string, Fields>([...redesign.steps, ...redesign.joins].map((item: Step | Join) => [item.id, item as unknown as Fields]));
    indexes.set(redesign, index);
  }
  return index;
}

export function fixStatus(map: StallMap | null, fix: Fix | undefined): FixStatus {
  const redesign = map?.redesign;
  if (!redesign || !fix) return 'unavailable';
  const changes: { id: string }[] = [...fix.steps, ...fix.joins];
  if (changes.length === 0) return 'unavailable';
  const index = indexOf(redesign);
  // A step the fix takes out of the way is done with once the redesign no longer has it.
  const bypassed = new Set(fix.bypass?.filter((id) => !index.has(id)));
  let kept = bypassed.size;
  let applied = true;
  for (const { id, ...fields } of changes) {
    const item = index.get(id);
    if (!item) continue;
    kept += 1;
    if (Object.entries(fields).some(([key, value]) => value !== undefined && fixedValue(item[key], value) !== item[key])) applied = false;
  }
  if (kept === 0) return 'unavailable';
  return applied ? 'applied' : 'applicable';
}
