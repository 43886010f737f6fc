import { useMemo, useRef } from 'react';
import { createPortal } from 'react-dom';
import { analyze } from '../../core/analyzer';
import { planMarkdown, planTitle } from '../../core/plan';
import { readMap } from '../../collab/doc';
import { download, slug } from '../../app/files';
import { useSession } from '../SessionContext';
import { useModalDialog } from '../useModalDialog';
import { planPictures } from './planPictures';
import { usePrintedHeader } from './usePrintedHeader';
import { renderPlanHtml } from './renderPlan';

/**
 * The redesign plan, rendered: preview it, download it as Markdown (renders with its Mermaid
 * picture on GitHub, GitLab, Notion), or print it (A4 or Letter) to save a PDF for the board.
 */
export function PlanView({ onClose }: { onClose(): void }) {
  const session = useSession();
  // Read once: the plan is of the map as it was opened.
  const { markdown, html, title } = useMemo(() => {
    const { map } = readMap(session.doc, session.review, session.mapId);
    const analysis = analyze(map);
    const markdown = planMarkdown(map, analysis, { now: new Date() });
    return { markdown, html: renderPlanHtml(markdown, planPictures(map, analysis)), title: map.title };
  }, [session]);

  // Esc closes it, and the keyboard stays in it while it is open (useModalDialog.ts).
  const overlay = useRef<HTMLDivElement>(null);
  useModalDialog(overlay, onClose);
  usePrintedHeader(planTitle(title));

  // A child of <body>, so printing can hide the whole app and keep only the plan.
  return createPortal(
    <div ref={overlay} className="plan-overlay" role="dialog" aria-modal="true" aria-label="Redesign plan">
      <div className="plan-actions">
        <strong>Redesign plan</strong>
        <button type="button" onClick={() => download(`${slug(title)}-plan.md`, markdown, 'text/markdown')}>
          Download Markdown
        </button>
        <button type="button" onClick={() => window.print()} title="Print, or save as PDF (A4 or Letter)">
          Print / PDF
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {/* The HTML comes from renderPlanHtml: the plan escapes what people typed, the renderer escapes any raw HTML. */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: escaped twice, see renderPlan.ts */}
      <article className="plan-document" dangerouslySetInnerHTML={{ __html: html }} />
    </div>,
    document.body,
  );
}
