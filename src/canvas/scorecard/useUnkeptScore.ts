import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssessmentEntry } from '../../core/model';
import { assessmentOf } from '../../collab/doc';
import { watchOwnEntry } from '../../collab/watchOwnEntry';
import { useSession } from '../SessionContext';

export type SentScore = Required<Pick<AssessmentEntry, 'score' | 'evidence' | 'by'>>;

/**
 * A score this person recorded that was not kept (watchOwnEntry.ts): two leaders scoring one
 * surface at the same moment, only the first reached the server, and the other's form had
 * closed with their evidence in it. `recorded` starts watching a score just sent.
 */
export function useUnkeptScore(surface: string) {
  const { review } = useSession();
  const [unkept, setUnkept] = useState<{ sent: SentScore; keptBy: string | undefined } | null>(null);
  const stop = useRef<() => void>(undefined);
  useEffect(() => () => stop.current?.(), []);
  const recorded = useCallback(
    (sent: SentScore) => {
      stop.current?.();
      setUnkept(null);
      stop.current = watchOwnEntry(assessmentOf(review), surface, sent.by, (kept) => setUnkept({ sent, keptBy: typeof kept?.by === 'string' ? kept.by : undefined }));
    },
    [review, surface],
  );
  return { unkept, recorded, dismiss: () => setUnkept(null) };
}
