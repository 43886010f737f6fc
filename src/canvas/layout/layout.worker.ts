import '../../app/jitlessZod';
import { ELK, layoutMap, type LayoutSizes } from '../../core/layout/elk';
import type { StallMap } from '../../core/model';

/** Runs ELK off the main thread, so a 500-step map lays out without freezing the page. */
export interface LayoutRequest {
  id: number;
  map: Pick<StallMap, 'steps' | 'joins'>;
  sizes: LayoutSizes;
}

// ELK's bundle, first run inside a worker, claims `self.onmessage` for itself: create it before
// taking the handler back, or every layout after the first goes to ELK instead of to us.
const elk = new ELK();

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { id, map, sizes } = event.data;
  try {
    const positions = await layoutMap(map, sizes, elk);
    self.postMessage({ id, positions });
  } catch (error) {
    self.postMessage({ id, error: (error as Error).message });
  }
};
