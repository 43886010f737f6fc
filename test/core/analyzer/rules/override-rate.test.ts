import { verifyRule } from '../rule-tester';

verifyRule('override-rate', {
  valid: ['valid-at-threshold'], // 0.15 is not above 0.15
  invalid: [
    {
      name: 'invalid-high',
      findings: [
        {
          severity: 'warning',
          target: 'ai',
          message: "Reviewers override 22% of the outputs of 'Route email' (more than 15%)",
          evidence: { overrideRate: 0.22, maxOverrideRate: 0.15 },
        },
      ],
    },
    {
      name: 'invalid-not-recorded',
      findings: [{ severity: 'info', target: 'ai', message: "'Route email' cannot be judged: it has no override rate" }],
    },
  ],
});
