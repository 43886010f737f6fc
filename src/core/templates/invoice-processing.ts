import type { StallMap } from '../model';

export const invoiceProcessing: StallMap = {
  format: 'stallmap/map',
  "version": 2,
  "id": "invoice-processing",
  "title": "Invoice processing with AI extraction",
  "description": "The model reads invoices in seconds, but every invoice is still re-keyed into the ERP, checked in full, and signed three times before the weekly payment run.",
  // Volume, cost and the program's people, so a first visit shows staff hours and who acts.
  "volumePerWeek": 2000,
  "costPerHour": 45,
  "program": {
    "sponsor": "CFO",
    "lead": "AP team lead",
    "milestone": { "text": "Extracted invoices post to the ERP without re-keying", "due": "2027-02-15" },
    "measures": [
      { "name": "Field override rate", "target": "at most 15%", "owner": "AP team lead", "cadence": "weekly" },
      { "name": "Invoices paid on time", "target": "95%", "owner": "CFO", "cadence": "monthly" }
    ]
  },
  // Positions are what Auto-layout gives (src/core/layout/elk.ts, with the join labels'
  // sizes), so the template opens with room for every label and Auto-layout keeps it as it is.
  "steps": [
    {
      "id": "recv",
      "kind": "start",
      "label": "Invoice arrives by email",
      "position": {
        "x": 12,
        "y": 82
      }
    },
    {
      "id": "extract",
      "kind": "ai",
      "label": "Extract invoice fields",
      "owner": "TBD",
      "performer": "Extraction model",
      "workMinutes": 1,
      "manualMinutes": 12,
      "overrideRate": 0.22,
      "position": {
        "x": 328,
        "y": 75
      }
    },
    {
      "id": "rekey",
      "kind": "handoff",
      "label": "Re-key fields into ERP",
      "owner": "AP team lead",
      "performer": "AP clerk",
      "workMinutes": 6,
      "waitMinutes": 120,
      "position": {
        "x": 837,
        "y": 90
      }
    },
    {
      "id": "check",
      "kind": "verification",
      "label": "Clerk checks every field",
      "owner": "AP team lead",
      "performer": "AP clerk",
      "workMinutes": 10,
      "sampleRate": 1,
      "verifies": [
        "extract"
      ],
      "position": {
        "x": 1216,
        "y": 65
      }
    },
    {
      "id": "appr1",
      "kind": "approval",
      "label": "Budget holder approves",
      "owner": "Budget holder",
      "performer": "Budget holder",
      "workMinutes": 5,
      "waitMinutes": 1440,
      "verifies": [
        "check"
      ],
      "position": {
        "x": 1641,
        "y": 63
      }
    },
    {
      "id": "appr2",
      "kind": "approval",
      "label": "Finance manager approves",
      "owner": "Finance manager",
      "performer": "Finance manager",
      "workMinutes": 5,
      "waitMinutes": 1440,
      "position": {
        "x": 2033,
        "y": 63
      }
    },
    {
      "id": "appr3",
      "kind": "approval",
      "label": "CFO signs off",
      "owner": "",
      "performer": "CFO",
      "workMinutes": 2,
      "waitMinutes": 2880,
      "position": {
        "x": 2531,
        "y": 71
      }
    },
    {
      "id": "pay",
      "kind": "system",
      "label": "Payment run",
      "owner": "Treasury",
      "performer": "ERP",
      "workMinutes": 1,
      "position": {
        "x": 2924,
        "y": 73
      }
    },
    {
      "id": "paid",
      "kind": "end",
      "label": "Supplier paid",
      "position": {
        "x": 3270,
        "y": 83
      }
    }
  ],
  "joins": [
    {
      "id": "j1",
      "from": "recv",
      "to": "extract",
      "handoff": "system"
    },
    {
      "id": "j2",
      "from": "extract",
      "to": "rekey",
      "handoff": "manual",
      "label": "exported to spreadsheet",
      "waitMinutes": 60
    },
    {
      "id": "j3",
      "from": "rekey",
      "to": "check",
      "handoff": "system"
    },
    {
      "id": "j4",
      "from": "check",
      "to": "appr1",
      "handoff": "manual",
      "label": "PDF emailed",
      "waitMinutes": 240
    },
    {
      "id": "j5",
      "from": "appr1",
      "to": "appr2",
      "handoff": "manual",
      "label": "forwarded"
    },
    {
      "id": "j6",
      "from": "appr2",
      "to": "appr3",
      "handoff": "meeting",
      "label": "weekly finance meeting",
      "waitMinutes": 4320
    },
    {
      "id": "j7",
      "from": "appr3",
      "to": "pay",
      "handoff": "manual",
      "waitMinutes": 480
    },
    {
      "id": "j8",
      "from": "pay",
      "to": "paid",
      "handoff": "system"
    },
    {
      "id": "j9",
      "from": "check",
      "to": "extract",
      "handoff": "manual",
      "label": "rework: wrong fields",
      "waitMinutes": 30,
      // The share the clerk sends back is the extraction's override rate: without it the staff
      // minutes leave the rework out and the summary says "(numbers missing)" on a first visit.
      "share": 0.22
    }
  ],
  "waivers": [],
  "comments": []
};
