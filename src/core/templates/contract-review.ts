import type { StallMap } from '../model';

export const contractReview: StallMap = {
  format: 'stallmap/map',
  "version": 2,
  "id": "contract-review",
  "title": "Contract review with AI summaries",
  "description": "The model summarises a contract in two minutes, but the summary is emailed to a paralegal who re-reads every contract, and a weekly committee signs.",
  // Volume, cost and the program's people, so a first visit shows staff hours and who acts.
  "volumePerWeek": 120,
  "costPerHour": 85,
  "program": {
    "sponsor": "General Counsel",
    "lead": "Legal Ops lead",
    "milestone": { "text": "AI summaries on every new supplier contract, checked by sample", "due": "2027-03-01" },
    "measures": [
      { "name": "Reviewer override rate", "target": "at most 15%", "owner": "Legal Ops lead", "cadence": "weekly" },
      { "name": "Contract lead time", "target": "under 2 days", "owner": "General Counsel", "cadence": "monthly" }
    ]
  },
  // Positions are what Auto-layout gives (src/core/layout/elk.ts, with the join labels'
  // sizes), so the template opens with room for every label and Auto-layout keeps it as it is.
  "steps": [
    {
      "id": "in",
      "kind": "start",
      "label": "Contract received",
      "position": {
        "x": 12,
        "y": 30
      }
    },
    {
      "id": "sum",
      "kind": "ai",
      "label": "Summarise contract",
      "owner": "Legal Ops lead",
      "performer": "Summariser model",
      "workMinutes": 2,
      "manualMinutes": 45,
      "overrideRate": 0.1,
      "position": {
        "x": 328,
        "y": 19
      }
    },
    {
      "id": "chk",
      "kind": "verification",
      "label": "Paralegal re-reads contract",
      "owner": "Legal Ops lead",
      "performer": "Paralegal",
      "workMinutes": 50,
      "waitMinutes": 240,
      "verifies": [
        "sum"
      ],
      "sampleRate": 1,
      "position": {
        "x": 725,
        "y": 12
      }
    },
    {
      "id": "out",
      "kind": "end",
      "label": "Contract signed",
      "position": {
        "x": 1126,
        "y": 30
      }
    }
  ],
  "joins": [
    {
      "id": "j1",
      "from": "in",
      "to": "sum",
      "handoff": "system"
    },
    {
      "id": "j2",
      "from": "sum",
      "to": "chk",
      "handoff": "manual",
      "waitMinutes": 60,
      "label": "emailed"
    },
    {
      "id": "j3",
      "from": "chk",
      "to": "out",
      "handoff": "meeting",
      "waitMinutes": 4320
    }
  ],
  "waivers": [],
  "comments": []
};
