import type { ChangeMark, StateComparison } from '../../core/analyzer/compare-states';
import { useStore } from '../../store';
import { PagedList } from '../PagedList';
import { changeDetail, elementName, MARK_HINTS, MARK_WORDS } from './changeText';

const LEGEND: readonly ChangeMark[] = ['removed', 'added', 'handoff', 'owner', 'duration', 'changed'];

/**
 * The legend with a count per mark, then every change in words ("Legal review: owner: TBD →
 * Named legal counsel"), a hundred at a time. Choosing one selects it in both panes and centres it.
 */
export function ChangeList({ comparison, names, onChoose }: { comparison: StateComparison; names: (id: string) => string; onChoose(id: string): void }) {
  const selection = useStore((s) => s.selection);
  return (
    <section className="compare-changes" aria-label="What changed">
      <ul className="compare-legend">
        {LEGEND.map((mark) => (
          <li key={mark} title={MARK_HINTS[mark]} data-mark={mark}>
            <span className={`change-badge is-${mark}`}>{MARK_WORDS[mark]}</span> <strong data-count={mark}>{comparison.counts[mark]}</strong>
          </li>
        ))}
      </ul>
      {comparison.changes.length === 0 ? (
        <p className="compare-none">The redesign is still a copy of today’s map: nothing has changed yet.</p>
      ) : (
        <PagedList items={comparison.changes}>
          {(listed) => (
            <ul className="compare-change-list">
              {listed.map((change) => (
                <li key={change.id} className={selection.includes(change.id) ? 'is-selected' : undefined}>
                  <button type="button" onClick={() => onChoose(change.id)} data-change-id={change.id}>
                    <span className="compare-change-marks">
                      {change.marks.map((mark) => (
                        <span key={mark} className={`change-badge is-${mark}`}>
                          {MARK_WORDS[mark]}
                        </span>
                      ))}
                    </span>{' '}
                    <span className="compare-change-name">
                      {change.element === 'join' ? 'Join ' : ''}“{elementName(change, names)}”
                    </span>
                    {change.fields.length > 0 && <span className="compare-change-fields">{changeDetail(change, names)}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      )}
    </section>
  );
}
