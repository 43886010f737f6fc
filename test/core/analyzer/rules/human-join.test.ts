import { verifyRule } from '../rule-tester';

/** A join marked `system` that touches a hand-off step says why it counts as manual. */
const entersHandoff = "(marked system, it counts as manual: it enters the hand-off step 'Re-key into CRM')";
const leavesHandoff = "(marked system, it counts as manual: it leaves the hand-off step 'Re-key into CRM')";

verifyRule('human-join', {
  valid: [
    'valid-system-joins', // every join on the AI path is `system`
    'valid-off-ai-path', // manual and meeting joins, but on a line no AI step reaches or feeds
  ],
  invalid: [
    {
      name: 'invalid-next-to-ai',
      findings: [
        {
          severity: 'error', // j1 enters the `ai` step
          target: 'j1',
          targets: ['j1', 'in', 'draft'],
          message: "Manual hand-off 'pasted into chat' from 'Ticket opened' to 'Draft reply' adds a 15m wait",
          evidence: { waitMinutes: 15, handoff: 'manual' },
        },
        {
          severity: 'warning', // j3 is downstream of the AI step, not next to it
          target: 'j3',
          message: "Meeting hand-off from 'Agent sends reply' to 'Customer answered' (no wait recorded)",
          evidence: { waitMinutes: null, handoff: 'meeting' },
        },
      ],
    },
    {
      name: 'invalid-handoff-step',
      findings: [
        {
          severity: 'error', // declared `system`, but it enters a `handoff` step, next to the AI step
          target: 'j2',
          message: `Manual hand-off from 'Score the lead' to 'Re-key into CRM' (no wait recorded) ${entersHandoff}`,
          evidence: { handoff: 'manual', declaredHandoff: 'system' },
        },
        {
          severity: 'warning',
          target: 'j3',
          message: `Manual hand-off from 'Re-key into CRM' to 'Sales rep calls' adds a 30m wait ${leavesHandoff}`,
        },
        {
          severity: 'warning', // waitMinutes 0 is recorded: nothing to add
          target: 'j4',
          message: "Manual hand-off from 'Sales rep calls' to 'Deal opened'",
        },
      ],
    },
    {
      name: 'invalid-upstream-and-loop',
      findings: [
        {
          severity: 'warning', // handoff omitted (defaults to manual); an AI step is reachable from it
          target: 'j1',
          message: "Manual hand-off from 'Request logged' to 'Prepare data' adds a 2h wait",
        },
        {
          severity: 'error', // the rework loop's way back enters the AI step
          target: 'j4',
          targets: ['j4', 'fix', 'model'],
          message: "Manual hand-off 'rework' from 'Planner adjusts forecast' to 'Forecast demand' adds a 1h wait",
        },
      ],
    },
  ],
});
