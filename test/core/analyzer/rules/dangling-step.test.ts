import { verifyRule } from '../rule-tester';

verifyRule('dangling-step', {
  valid: ['valid-connected'], // two starts, two ends, a self-loop
  invalid: [
    {
      name: 'invalid-off-the-line',
      // In the order of the work: steps nothing leads to first, then along the line.
      findings: [
        { severity: 'warning', target: 'island', message: "'Old fax server' is not reached from any start and leads to no end" },
        { severity: 'warning', target: 'in2', message: "'Returns desk' leads to no end" },
        { severity: 'warning', target: 'note', message: "'Write a note' is not reached from any start" },
        { severity: 'warning', target: 'gift', message: "'Wrap as gift' leads to no end" },
      ],
    },
    {
      name: 'invalid-no-end', // one finding on the map, not one per step
      findings: [
        { severity: 'warning', target: 'invalid-no-end', message: 'The map has no end step, so no path runs from trigger to outcome' },
      ],
    },
    {
      name: 'invalid-empty',
      findings: [
        { severity: 'warning', target: 'invalid-empty', message: 'The map has no start and no end step, so no path runs from trigger to outcome' },
      ],
    },
  ],
});
