/** Steps from which only the visible ones are rendered: below it, the whole map costs little and stays reachable off screen. */
const CULL_FROM_STEPS = 200;

/** Whether a map is large enough that React Flow should render only what is on screen. */
export const rendersOnlyVisible = (steps: readonly unknown[]) => steps.length > CULL_FROM_STEPS;
