import { useEffect, useRef } from 'react';
import { focusLost } from './focusLost';

/**
 * For a control whose place a question takes (a confirmation drawn instead of its button): the
 * answer's buttons go with the question, and the focus with them. `giveBack()` as the question is
 * answered; the control (`ref`) takes the focus as soon as it is drawn again, unless the person
 * has put the focus somewhere meanwhile. Nothing happens if it is not drawn again.
 */
export function useFocusBack<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const pending = useRef(false);
  useEffect(() => {
    if (!pending.current || !ref.current) return;
    pending.current = false;
    if (focusLost()) ref.current.focus();
  });
  return {
    ref,
    giveBack() {
      pending.current = true;
    },
  };
}
