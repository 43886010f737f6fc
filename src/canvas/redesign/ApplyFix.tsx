import type { Finding } from '../../core/analyzer';
import { mayWriteMap } from '../../collab/map-writes';
import { useStore } from '../../store';
import { useSession } from '../SessionContext';
import { fixStatus } from './fixStatus';
import './redesign.css';

/**
 * On one of today's findings, in the redesign view: applies the rule's fix model to the
 * redesign's copy of its targets (one step of undo); the team then adjusts it by hand. Says so
 * once the redesign holds the fix. Nothing on the redesign's own findings, nor in other views.
 */
export function ApplyFix({ finding }: { finding: Finding }) {
  const { redesignCommands } = useSession();
  const status = useStore((s) => (s.view === 'redesign' && s.nowFindings.includes(finding) ? fixStatus(s.map, finding.fix) : 'unavailable'));
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
