import { useShallow } from 'zustand/react/shallow';
import { duration as shownDuration } from '../../core/analyzer/text';
import { useStore } from '../../store';
import { hasRedesign } from './hasRedesign';
import './redesign.css';

/**
 * A lead time in the product's one wording of minutes (whole from ten up, as the plan and the CLI
 * give it), or "none" where no path runs from a start to an end: never a 0 the map does not give.
 */
const duration = (minutes: number | undefined) => (minutes === undefined ? 'none' : shownDuration(minutes));

/**
 * The summary's lead time: the state on screen's, or, once a redesign exists, both in either view
 * ("9d 20h now → 16h redesigned"), the one number a board asks for. `data-metric="lead-time"`
 * stays on the state on screen's.
 */
export function LeadTimes({ minutes }: { minutes: number | undefined }) {
  const { figures, view } = useStore(
    useShallow((s) => ({
      figures: hasRedesign(s.map) ? s.analysis?.redesign : undefined,
      view: s.view,
    })),
  );
  if (!figures) return <strong data-metric="lead-time">{duration(minutes)}</strong>;
  const onRedesign = view === 'redesign';
  return (
    <>
      <strong data-lead-time="now" {...(onRedesign ? {} : { 'data-metric': 'lead-time' })}>
        {duration(figures.now.leadTimeMinutes)}
      </strong>{' '}
      now <span className="lead-times-arrow">→</span>{' '}
      <strong data-lead-time="redesign" {...(onRedesign ? { 'data-metric': 'lead-time' } : {})}>
        {duration(figures.redesigned.leadTimeMinutes)}
      </strong>{' '}
      redesigned
    </>
  );
}
