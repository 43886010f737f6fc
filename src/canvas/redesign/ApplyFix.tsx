import type { Finding } from '../../core/analyzer';
import { mayWriteMap } from '../../collab/map-writes';
import { useStore } from '../../store';
import { useSession } from '../SessionContext';
import { fixStatus } from './fixStatus';
import './redesign.css';

/**
 * In the redesign view, on one of today's findings or one of the redesign's own: applies the
 * rule's fix model to the redesign's copy of its targets (one step of undo); the team then
 * adjusts it by hand. Says so once the redesign holds the fix. The redesign's own findings offer
 * it too: a join the team drew, or one a fix folded (an approval chain's), is fixed in place
 * there, where today's finding no longer has its target. Nothing in other views.
 */
export function ApplyFix({ finding }: { finding: Finding }) {
  const { redesignCommands } = useSession();
  // Every finding the redesign view lists is today's or the redesign's: either may be applied to the redesign.
  const status = useStore((s) => (s.view === 'redesign' ? fixStatus(s.map, finding.fix) : 'unavailable'));
  const mayWrite = useStore(mayWriteMap);
  if (status === 'unavailable' || !finding.fix) return null;
  const fix = finding.fix;
  if (status === 'applied')
    return (
      <p className="apply-fix apply-fix-done" data-fix="applied">
        ✓ Fix applied in the redesign
      </p>
    );
  if (!mayWrite) return null;
  return (
    <div className="apply-fix">
      <button type="button" onClick={() => redesignCommands.applyFix(fix)} title="Change the redesign's copy as the rule's fix model says (Ctrl+Z undoes it); then adjust it by hand">
        Apply fix in redesign
      </button>
    </div>
  );
}
