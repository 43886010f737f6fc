import { useEffect, useState } from 'react';
import { useDrawing } from './drawingState';

/** How long a message stays on screen; screen readers hear it at once (a polite live region). */
const SHOWN_MS = 6000;

/**
 * What the canvas has to say about the last gesture: a join that already exists, a join a start or
 * an end cannot take, what was copied or pasted, the keyboard join's current choice.
 */
export function CanvasMessage() {
  const message = useDrawing((d) => d.message);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!message) return;
    setVisible(true);
    const timer = setTimeout(() => setVisible(false), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <p className={`canvas-message${visible && message ? ' is-visible' : ''}`} role="status" aria-live="polite">
      {visible && message ? message.text : ''}
    </p>
  );
}
