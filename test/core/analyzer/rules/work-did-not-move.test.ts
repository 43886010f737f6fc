import { verifyRule } from '../rule-tester';

verifyRule('work-did-not-move', {
  valid: [
    'valid-no-ai', // no AI step: nothing to judge
    // lead 5 + 10 + 30 + 60 = 105; saved 480 − 5 = 475; 475 / 580 = 82% ≥ 10%
    'valid-big-saving',
  ],
  invalid: [
    {
      // lead = j1 5 + ai 1 + j2 60 + review (15 + 2880) + j3 10080 + panel (30 + 120) = 13191;
      // saved 20 − 1 = 19; before AI 13210; 19 / 13210 = 0.14%
      name: 'invalid-waits',
      findings: [
        {
          severity: 'warning',
          target: 'j3',
          targets: ['j3', 'review', 'panel'],
          message:
            "The AI saves 19m of the 1w 2d 4h 10m the work took before AI (0.1%); the largest waits on the critical path are 'Recruiter reviews' → 'Hiring panel decides' (1w), the queue before 'Recruiter reviews' (2d) and the queue before 'Hiring panel decides' (2h)",
          evidence: { aiSavedMinutes: 19, leadTimeMinutes: 13191 },
        },
      ],
    },
    {
      // in → ai → out takes 1 min; in → triage → out takes 30 + 30 + 240 = 300: the AI is off the critical path
      name: 'invalid-ai-off-path',
      findings: [
        {
          severity: 'warning',
          target: 'triage',
          targets: ['triage', 'j3'],
          message:
            "No AI step is on the critical path, so the AI saves none of its 5h; the largest waits on the critical path are the queue before 'On-call engineer triages' (4h) and 'Incident reported' → 'On-call engineer triages' (30m)",
        },
      ],
    },
    {
      // lead 5 + 200 = 205; saved 10 − 5 = 5; 5 / 210 = 2.4%; no waits: the AI step is named
      name: 'invalid-no-waits',
      findings: [
        {
          severity: 'warning',
          target: 'ai',
          message: "The AI saves 5m of the 3h 30m the work took before AI (2.4%); the critical path records no waits",
        },
      ],
    },
    {
      name: 'invalid-missing-manual', // with manualMinutes missing the saving may be larger than 0: no verdict
      findings: [
        {
          severity: 'info',
          target: 'ai',
          message: "Whether the AI moved the work cannot be judged: 'Generate layout' has no time by hand",
        },
      ],
    },
  ],
});
