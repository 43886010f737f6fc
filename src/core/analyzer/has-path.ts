import type { Metrics } from './types';

/**
 * Whether items get through the state at all: some path runs from a start to an end. Without one,
 * the figures of the path (lead time, waiting, AI saving, staff time) are none, never 0, and never
 * a saving of all of another state's.
 */
export const hasPath = (metrics: Pick<Metrics, 'criticalPath'>): boolean => metrics.criticalPath.length > 0;

/** How such a figure reads without a path, in the command line's report and the plan. */
export const NO_PATH = 'none: no path from a start to an end';
