import { verifyRule } from '../rule-tester';

verifyRule('approval-chain', {
  valid: [
    'valid-two-approvals', // 2 < 3
    'valid-parallel-approvals', // three approvals, but one on each path
  ],
  invalid: [
    {
      name: 'invalid-three-in-a-row',
      findings: [
        {
          severity: 'warning',
          target: 'ai',
          targets: ['ai', 'a1', 'a2', 'a3'],
          message:
            "The output of 'Draft purchase order' passes 3 approvals before 'Order placed': 'Manager approves', 'Finance approves' and 'CFO approves'",
          evidence: { approvals: 3, end: 'out' },
        },
      ],
    },
    {
      // The auto-approve branch has none; the other has four. The rework join a3 → ai closes a
      // loop and is dropped, so the loop does not count the approvals twice.
      name: 'invalid-longest-branch',
      findings: [
        {
          severity: 'warning',
          target: 'ai',
          targets: ['ai', 'a1', 'a2', 'a3', 'a4'],
          message:
            "The output of 'Draft purchase order' passes 4 approvals before 'Order placed': 'Manager approves', 'Finance approves', 'Legal approves' and 'CFO approves'",
        },
      ],
    },
    {
      // The AI step only redrafts rejected letters, inside the loop through the approvals: its
      // output goes back to the first approval and passes all three again.
      name: 'invalid-redraft-loop',
      findings: [
        {
          severity: 'warning',
          target: 'redraft',
          targets: ['redraft', 'a1', 'a2', 'a3'],
          message:
            "The output of 'Model redrafts the letter' passes 3 approvals before 'Letter sent': 'Team lead approves', 'Compliance approves' and 'Director approves'",
          evidence: { approvals: 3, end: 'out' },
        },
      ],
    },
    {
      // a long chain: the message names five, the targets the first ten
      name: 'invalid-twelve',
      findings: [
        {
          severity: 'warning',
          target: 'ai',
          targets: ['ai', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'a10'],
          message:
            "The output of 'Draft purchase order' passes 12 approvals before 'Order placed': 'Approver 1', 'Approver 2', 'Approver 3', 'Approver 4', 'Approver 5' and 7 more",
          evidence: { approvals: 12, end: 'out' },
        },
      ],
    },
  ],
});
