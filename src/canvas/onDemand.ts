import { useStore } from '../store';

/**
 * What a person reaches for now and then, not to draw the map: the plan (with its Markdown
 * renderer), the pictures (html-to-image and the SVG drawing), the plan's text exports (CSV,
 * Mermaid) and the reader of imported files. Each is built into a chunk of its own, so a page that
 * opens a map neither downloads nor evaluates them; `fetchWhenIdle` fetches them once the map is
 * open and the page has nothing else to do, so they are at hand by the time anyone asks, and still
 * there if the network goes later.
 */
export const onDemand = {
  plan: () => import('./plan/PlanView'),
  pictures: () => import('./export/statePicture'),
  planText: () => import('../core/plan'),
  fileReader: () => import('./export/readMapFile'),
};

export type Part = keyof typeof onDemand;
/** A part's module, as loaded. */
export type Loaded<K extends Part> = Awaited<ReturnType<(typeof onDemand)[K]>>;

/**
 * The part's module; or, if it cannot be fetched (the server out of reach before the part was, or
 * a server updated since this page was loaded, whose files have other names), null, and `say` is
 * told what could not be done and what to do about it (by default, the map page's notice).
 */
export async function load<K extends Part>(part: K, what: string, say = sayOnMapPage): Promise<Loaded<K> | null> {
  try {
    return (await onDemand[part]()) as Loaded<K>;
  } catch (error) {
    console.error(`Stallmap: ${what} could not be loaded:`, error);
    say(`${what} could not be loaded from the server. Check the connection, or reload the page, and try again.`);
    return null;
  }
}

const sayOnMapPage = (notice: string) => useStore.getState().setSession({ notice });

/** Longest wait for an idle moment before the parts are fetched anyway. */
const IDLE_TIMEOUT_MS = 10_000;

/**
 * Fetches every part when the page is next idle (a large map's opening keeps it busy for a while:
 * the parts wait until it is drawn). A part that cannot be fetched now is fetched again when it is
 * asked for (`load`). Returns the cancel.
 */
export function fetchWhenIdle(): () => void {
  // Safari has no requestIdleCallback: a timer stands in for it.
  const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 2000));
  const cancel = window.cancelIdleCallback ?? window.clearTimeout;
  const handle = idle(
    () => {
      for (const fetchPart of Object.values(onDemand)) fetchPart().catch(() => undefined);
    },
    { timeout: IDLE_TIMEOUT_MS },
  );
  return () => cancel(handle);
}
