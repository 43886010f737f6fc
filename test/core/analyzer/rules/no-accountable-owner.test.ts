import { verifyRule } from '../rule-tester';

verifyRule('no-accountable-owner', {
  valid: ['valid-owned'], // start and end need no owner; an owner with spaces around it is still a name
  invalid: [
    {
      name: 'invalid-owners',
      findings: [
        { severity: 'error', target: 'a', message: "'Classify request' has no accountable owner" },
        { severity: 'error', target: 'ap', message: "'Approve refund' has no accountable owner" }, // blank
        { severity: 'error', target: 'v', message: "'Check refund' is owned by 'The Team', which names nobody" },
        { severity: 'warning', target: 'h', message: "'Call customer' is owned by 'TBD', which names nobody" },
        { severity: 'warning', target: 'sys', message: "'Issue refund' is owned by 'n/a', which names nobody" },
        { severity: 'warning', target: 'fw', message: "'Forward to finance' has no accountable owner" },
      ],
    },
  ],
});
