import type { StoreState } from './index';

/**
 * Whether the page is still waiting for the server's first answer: until it comes, the docs are
 * empty however large the map, or hold only this browser's copy, so an empty map says nothing
 * about the map. A page refused entry (a full map, a busy server) waits here for as long as it
 * is turned away, and must not tell a leader the map is empty or has no open findings. An
 * offline page expects no answer: what it holds is all there is to show. A page the server
 * stopped before its first answer (a final refusal, which shows it offline too) had none of the
 * map, and says nothing of it either.
 */
export const awaitingMap = (state: Pick<StoreState, 'answered' | 'status' | 'refusal'>): boolean => !state.answered && (state.status !== 'offline' || Boolean(state.refusal?.final));
