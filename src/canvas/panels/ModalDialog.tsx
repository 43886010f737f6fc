import { type ReactNode, useRef } from 'react';
import { useModalDialog } from '../useModalDialog';

/**
 * A dialog over the page: a backdrop that closes it when clicked, and the dialog itself, which
 * keeps the keyboard's focus while open and closes on Esc (useModalDialog.ts). `alertdialog` for
 * one that says something went wrong, which a screen reader reads out as it opens.
 */
export function ModalDialog({ className, labelledBy, onClose, children, role = 'dialog' }: { className: string; labelledBy: string; onClose(): void; children: ReactNode; role?: 'dialog' | 'alertdialog' }) {
  const ref = useRef<HTMLDivElement>(null);
  useModalDialog(ref, onClose);
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the role is dialog or alertdialog, both modal; the lint reads only a role written out */}
      <div ref={ref} className={`dialog ${className}`} role={role} aria-modal="true" aria-labelledby={labelledBy} onClick={(e) => e.stopPropagation()}>
        {children}
      </div>
    </div>
  );
}
