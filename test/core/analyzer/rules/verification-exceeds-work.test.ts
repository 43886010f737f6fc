import { verifyRule } from '../rule-tester';

verifyRule('verification-exceeds-work', {
  valid: [
    'valid-cheap-check', // 10 × 1 = 10 min against 60 min by hand: ratio 0.17 < 0.5
    'valid-sampled', // 50 × 0.2 = 10 min against 45 min by hand: ratio 0.22 < 0.5
  ],
  invalid: [
    {
      name: 'invalid-error', // 50 × 1 = 50 ≥ 1 × 45
      findings: [
        {
          severity: 'error',
          target: 'chk',
          targets: ['chk', 'ai'],
          message: "Checking 'Assess claim' costs 50m per item; doing the work by hand costs 45m",
          evidence: { verifyMinutes: 50, workMinutes: 45, ratio: 1.11, sampleRate: 1 },
        },
      ],
    },
    {
      name: 'invalid-nearest-ai', // no `verifies`: the two AI steps one join back, not the one two joins back
      findings: [
        {
          severity: 'warning', // 40 against 30 + 30 = 60: ratio 0.67
          target: 'chk',
          targets: ['chk', 'lines', 'vendor'],
          message: "Checking 'Extract line items' and 'Match vendor' costs 40m per item; doing the work by hand costs 1h",
          evidence: { verifyMinutes: 40, workMinutes: 60, ratio: 0.67 },
        },
      ],
    },
    {
      // A checked human step without manualMinutes: its workMinutes (20) stand in. No AI step does
      // this work, so however costly the check, it is context (info), not where an AI pilot stalls.
      name: 'invalid-checks-human-work',
      findings: [
        {
          severity: 'info', // 15 ≥ 0.5 × 20: a warning, were the work an AI step's
          target: 'chk1',
          message: "Checking 'Enter order' costs 15m per item; doing the work by hand costs 20m (no AI step does this work)",
        },
        {
          severity: 'info', // 50 × 0.5 = 25 ≥ 20: an error, were the work an AI step's
          target: 'chk2',
          message: "Checking 'Enter order' costs 25m per item (50m on 50% of items); doing the work by hand costs 20m (no AI step does this work)",
          evidence: { verifyMinutes: 25, sampleRate: 0.5 },
        },
      ],
    },
    {
      name: 'invalid-missing-numbers',
      findings: [
        {
          severity: 'info',
          target: 'chk',
          message: "'Adjuster re-checks claim' cannot be judged: 'Adjuster re-checks claim' has no work time; 'Assess claim' has no time by hand",
        },
      ],
    },
    {
      name: 'invalid-nothing-to-check',
      findings: [
        {
          severity: 'info',
          target: 'chk',
          targets: ['chk'],
          message: "'Supervisor checks' cannot be judged: it names no step it verifies and no AI step comes before it",
        },
      ],
    },
  ],
});
