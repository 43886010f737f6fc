import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { parseMap } from '../../../src/core/model';
import { mapToMermaid, mermaidFile, mermaidToMap } from '../../../src/core/plan';
import { templates } from '../../../src/core/templates';
import { loadMap } from '../analyzer/fixtures';
import { parseWithMermaid } from './real-mermaid';

function imported(text: string, options = { id: 'imported', title: 'Imported' }) {
  const result = mermaidToMap(text, options);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.map;
}

/** Invoice intake as an AP team might have drawn it, before Stallmap. */
const TEN_LINES = `flowchart LR
  %% Invoice intake, as the AP team drew it
  in(["Invoice arrives"]) --> ex{{"ai: Extract fields"}}
  ex -- emailed · 2h --> rk[/Re-key into ERP/]
  rk -->|system| chk[[Clerk checks fields]]
  chk --> ap1{Manager approves} ==>|weekly meeting · 3d| pay[Pay invoice]:::system
  pay -.-> done(["Paid"])
  ap1 -->|rejected| fix[Fix invoice] --> chk
  class fix human
  classDef system fill:#eee`;

describe('mermaidToMap', () => {
  it('reads a ten-line flowchart into the expected steps and joins, a map that passes the schema', async () => {
    await parseWithMermaid(TEN_LINES); // it is a flowchart mermaid itself accepts
    const map = imported(TEN_LINES);
    expect(map.steps.map((s) => [s.id, s.kind, s.label])).toEqual([
      ['in', 'start', 'Invoice arrives'],
      ['ex', 'ai', 'Extract fields'],
      ['rk', 'handoff', 'Re-key into ERP'],
      ['chk', 'verification', 'Clerk checks fields'],
      ['ap1', 'approval', 'Manager approves'],
      ['pay', 'system', 'Pay invoice'],
      ['done', 'end', 'Paid'],
      ['fix', 'human', 'Fix invoice'],
    ]);
    expect(map.joins).toEqual([
      { id: 'j1', from: 'in', to: 'ex', handoff: 'manual' },
      { id: 'j2', from: 'ex', to: 'rk', handoff: 'manual', label: 'emailed', waitMinutes: 120 },
      { id: 'j3', from: 'rk', to: 'chk', handoff: 'system' },
      { id: 'j4', from: 'chk', to: 'ap1', handoff: 'manual' },
      { id: 'j5', from: 'ap1', to: 'pay', handoff: 'meeting', label: 'weekly meeting', waitMinutes: 4320 },
      { id: 'j6', from: 'pay', to: 'done', handoff: 'system' },
      { id: 'j7', from: 'ap1', to: 'fix', handoff: 'manual', label: 'rejected' },
      { id: 'j8', from: 'fix', to: 'chk', handoff: 'manual' },
    ]);
    expect(parseMap(map).ok).toBe(true);
    expect(new Set(map.steps.map((s) => `${s.position?.x},${s.position?.y}`)).size).toBe(map.steps.length);
    expect(map.steps.map((s) => s.position?.x)).toEqual([0, 240, 480, 720, 960, 1200, 1440, 1200]);
    expect(analyze(map).findings.some((f) => f.rule === 'human-join' && f.targets[0] === 'j2')).toBe(true);
  });

  it('reads chains, & groups, every arrow form, quoted and pipe text, and comments', () => {
    const map = imported(`graph TD
      a([Start]) --> b & c
      b -- "quoted -- text" --> d; c -. dotted text .-> d
      d == thick text ==> e(["End"])
      b --- e %% an open link is a join too
      c ---> e
      b -->|"a|b"| e`);
    expect(map.steps.map((s) => `${s.id}:${s.kind}`)).toEqual(['a:start', 'b:human', 'c:human', 'd:human', 'e:end']);
    expect(map.joins.map((j) => `${j.from}>${j.to} ${j.handoff} ${j.label ?? ''}`.trim())).toEqual([
      'a>b manual',
      'a>c manual',
      'b>d manual quoted -- text',
      'c>d system dotted text',
      'd>e meeting thick text',
      // `b --- e` and `b -->|"a|b"| e`: one join, with the text one of them gives.
      'b>e manual a|b',
      'c>e manual',
    ]);
    expect(map.steps.map((s) => s.position)).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 140 },
      { x: 240, y: 140 },
      { x: 0, y: 280 },
      { x: 0, y: 420 },
    ]);
  });

  it('takes the kind from a class first, then a label prefix, then the shape', () => {
    const map = imported(`flowchart LR
      s((Begin)) --> a[ai: Draft]:::approval --> b[Check it]:::check --> c["system: Post"] --> d[verification: Review] --> e{Sign} --> f{{Model}}
      f --> g[[Sample]] --> h[\\Forward\\] --> i[Plain] --> j[(Store)] --> k((Done))
      class c human-step`);
    expect(map.steps.map((s) => [s.kind, s.label])).toEqual([
      ['start', 'Begin'],
      ['approval', 'ai: Draft'],
      ['verification', 'Check it'],
      ['human', 'system: Post'],
      ['verification', 'Review'],
      ['approval', 'Sign'],
      ['ai', 'Model'],
      ['verification', 'Sample'],
      ['handoff', 'Forward'],
      ['human', 'Plain'],
      ['human', 'Store'],
      ['end', 'Done'],
    ]);
  });

  it('decodes entity codes and <br>, makes ids valid and unique, and keeps join ids apart from step ids', () => {
    const map = imported(`flowchart LR
      A.b["Say #quot;hi#quot; #35;1 &amp; <br/>bye"] --> A_b["Twin"] --> j1["Named j1"] --> ü["Umlaut"]`);
    expect(map.steps.map((s) => [s.id, s.label])).toEqual([
      ['A_b', 'Say "hi" #1 & bye'],
      ['A_b-2', 'Twin'],
      ['j1', 'Named j1'],
      ['_', 'Umlaut'],
    ]);
    expect(map.joins.map((j) => j.id)).toEqual(['j2', 'j3', 'j4']);
  });

  it('reads a wait inside a longer edge text, and a handoff word anywhere in the parts', () => {
    const map = imported(`flowchart LR
      a --> |waits 2 days for the batch| b -- meeting · 1h 30m --> c`);
    expect(map.joins.map(({ handoff, label, waitMinutes }) => ({ handoff, label, waitMinutes }))).toEqual([
      { handoff: 'manual', label: 'waits 2 days for the batch', waitMinutes: 2880 },
      { handoff: 'meeting', label: undefined, waitMinutes: 90 },
    ]);
  });

  it('uses the front matter title when no title is given, and ignores styling, subgraphs and directives', () => {
    const result = mermaidToMap(`---
title: Drawn "before"
---
%%{init: {"theme": "dark"}}%%
flowchart LR
  subgraph lane [Legal]
    direction TB
    a --> b
  end
  style a fill:#f00
  linkStyle 0 stroke:#000
  click a "https://example.com"
  a ~~~ b`);
    expect(result.ok && result.map.title).toBe('Drawn "before"');
    expect(result.ok && result.map.joins).toHaveLength(1);
  });

  it('takes the front matter title before a file name given as the fallback, and the file name without one', () => {
    const chart = 'flowchart LR\n  a --> b';
    expect(mermaidToMap(`---\ntitle: Intake\n---\n${chart}`, { fallbackTitle: 'intake-v2' }).ok && mermaidToMap(`---\ntitle: Intake\n---\n${chart}`, { fallbackTitle: 'intake-v2' })).toMatchObject({ map: { title: 'Intake' } });
    expect(mermaidToMap(chart, { fallbackTitle: 'intake-v2' })).toMatchObject({ ok: true, map: { title: 'intake-v2' } });
  });

  it('makes one join of an edge written twice, as the canvas never draws two between the same steps', () => {
    const map = imported('flowchart LR\n  y --> e\n  y --> z & e\n  a --> b\n  a --> b');
    expect(map.joins.map((j) => `${j.from}>${j.to}`)).toEqual(['y>e', 'y>z', 'a>b']);
  });
});

describe('mermaidToMap on bad input returns errors by line and never throws', () => {
  it.each([
    ['', 'line 1', 'the text is empty'],
    ['sequenceDiagram\n  A->>B: hi', 'line 1', 'not a Mermaid flowchart'],
    ['flowchart LR\n  a --> b\n  a[unclosed --> c', 'line 3', "cannot read '[unclosed --> c'"],
    ['flowchart LR\n  a --> ', 'line 2', 'cannot read'],
    ['flowchart LR\n  a@{ shape: rect } --> b', 'line 2', "cannot read '@{ shape: rect } --> b'"],
    ['flowchart LR\n  %% nothing', 'line 1', 'the flowchart has no nodes'],
    ['flowchart LR\n  a:::end --> b', 'line 2', 'a join may not start at an end step'],
    [`flowchart LR\n  a["${'x'.repeat(201)}"]`, 'line 2', 'steps[0].label: must be at most 200 characters'],
  ])('%j', (text, path, message) => {
    const result = mermaidToMap(text, { id: 'x', title: 'X' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0].path).toBe(path);
    expect(result.errors[0].message).toContain(message);
  });

  it('refuses an id that the map format refuses', () => {
    const result = mermaidToMap('flowchart LR\n a --> b', { id: 'not valid!', title: 'X' });
    expect(!result.ok && result.errors[0]).toEqual({ path: 'id', message: 'id: must be 1–64 characters of A-Z a-z 0-9 _ -' });
  });
});

describe('export then import', () => {
  it.each([...templates.map((t) => [t.name, t.map] as const), ['contract-review.json', loadMap('contract-review.json')] as const])(
    '%s keeps kinds, labels, handoffs, waits and the shape of the graph',
    (_name, map) => {
      const back = imported(mapToMermaid(map, analyze(map)));
      expect(back.steps.map((s) => [s.kind, s.label])).toEqual(map.steps.map((s) => [s.kind, s.label]));
      const index = (id: string, steps: { id: string }[]) => steps.findIndex((s) => s.id === id);
      const shape = (m: typeof map) => m.joins.map((j) => [index(j.from, m.steps), index(j.to, m.steps), j.handoff, j.label, j.waitMinutes]);
      expect(shape(back)).toEqual(shape(map));
    },
  );

  it('keeps the map’s title in the exported file’s front matter, read back before the file name', async () => {
    // Without it, a flowchart exported and imported again came back titled by its file's name.
    const map = loadMap('contract-review.json');
    for (const title of [map.title, 'Prior auth: "fast" <lane> # 2 \\ done', '---', 'Über-Prüfung']) {
      const file = mermaidFile(title, mapToMermaid(map, analyze(map)));
      await parseWithMermaid(file);
      const back = mermaidToMap(file, { fallbackTitle: 'contract-review' });
      expect(back.ok && back.map.title).toBe(title);
    }
  });

  it('keeps an isolated end step an end (its class says so when its shape cannot)', () => {
    const map = loadMap('contract-review.json');
    map.joins = [];
    expect(imported(mapToMermaid(map)).steps.map((s) => s.kind)).toEqual(['start', 'ai', 'verification', 'end']);
  });
});
