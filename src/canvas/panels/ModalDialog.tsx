import { type ReactNode, useRef } from 'react';
import { useModalDialog } from '../useModalDialog';

/**
 * A dialog over the page: a backdrop that closes it when clicked, and the dialog itself, which
 * keeps the keyboard's focus while open and closes on Esc (useModalDialog.ts).
 */
export function ModalDialog({ className, labelledBy, onClose, children }: { className: string; labelledBy: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useModalDialog(ref, onClose);
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      <div ref={ref} className={`dialog ${className}`} role="dialog" aria-modal="true" aria-labelledby={labelledBy} onClick={(e) => e.stopPropagation()}>
        {children}
      </div>
    </div>
  );
}
