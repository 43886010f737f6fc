import { verifyRule } from '../rule-tester';

verifyRule('unverified-ai-output', {
  valid: [
    'valid-gated', // one AI step verified, the other approved
    'valid-loop-through-check', // a rework loop back to the AI step still leaves only through the check
  ],
  invalid: [
    {
      name: 'invalid-straight-out',
      findings: [
        {
          severity: 'warning',
          target: 'ai',
          targets: ['ai', 'out'],
          message: "The output of 'Answer question' can reach 'Answer sent' without any verification or approval",
        },
      ],
    },
    {
      name: 'invalid-bypass', // the urgent branch skips the review
      findings: [
        {
          severity: 'warning',
          target: 'ai',
          targets: ['ai', 'out2'],
          message: "The output of 'Draft decision' can reach 'Urgent decision sent' without any verification or approval",
        },
      ],
    },
  ],
});
