import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMapFile } from '../../../src/canvas/export/readMapFile';
import { analyze } from '../../../src/core/analyzer';
import { layoutMap } from '../../../src/core/layout/elk';
import { type Join, mapFileJson, parseMapJson, type StallMap, type Step } from '../../../src/core/model';
import { mapToSvg } from '../../../src/core/picture/map-svg';
import { addSvgMap, readSvgMap } from '../../../src/core/picture/svg-text';
import { templates } from '../../../src/core/templates';
import { wellFormedProblems } from './xml-well-formed';

/**
 * The SVG export is plain SVG (shapes, paths and text), so slide decks, design tools and
 * renderers without a browser show it: no foreignObject, no HTML, small, well formed, the map
 * inside it, every typed text escaped; and librsvg (rsvg-convert, a renderer with no browser
 * engine in it) draws it.
 */

/** As the export menu makes it (src/canvas/export/picture.ts): the drawing, the map's JSON inside. */
const exported = (map: StallMap) => addSvgMap(mapToSvg(map, { findings: analyze(map).findings }), mapFileJson(map));

const KINDS = ['human', 'ai', 'system', 'approval', 'verification', 'handoff'] as const;
const WORDS = [
  'Check the supplier’s paperwork against the purchase order and the delivery note, then flag every mismatch',
  'Draft reply',
  'Route to the regional finance team for a second opinion on the amount',
  'Supercalifragilisticexpialidocious-identifier-without-any-spaces-at-all',
  'Approve',
];

/** 40 steps of every kind, long labels, owners (some missing), minutes, choices and rework, laid out by ELK as Auto-layout does. */
async function fortyStepMap(): Promise<StallMap> {
  const steps: Step[] = [{ id: 's0', kind: 'start', label: 'Request arrives in the shared inbox' }];
  for (let i = 1; i < 39; i++) {
    const kind = KINDS[i % KINDS.length];
    steps.push({
      id: `s${i}`,
      kind,
      label: `Step ${i}: ${WORDS[i % WORDS.length]}`,
      ...(i % 7 ? { owner: `Team lead ${i}` } : {}),
      workMinutes: 5 * i,
      ...(i % 3 ? { waitMinutes: 60 * i } : {}),
      ...(kind === 'ai' ? { manualMinutes: 30 } : {}),
    });
  }
  steps.push({ id: 's39', kind: 'end', label: 'Request closed' });
  const joins: Join[] = [];
  const handoffs = ['system', 'manual', 'meeting'] as const;
  for (let i = 0; i < 39; i++) {
    joins.push({ id: `j${i}`, from: `s${i}`, to: `s${i + 1}`, handoff: handoffs[i % 3], ...(i % 4 ? { label: `sent on as a PDF attachment ${i}` } : {}), ...(i % 5 === 0 ? { waitMinutes: 1440 } : {}) });
  }
  for (let i = 2; i < 36; i += 9) joins.push({ id: `back${i}`, from: `s${i + 1}`, to: `s${i - 1}`, handoff: 'manual', rework: true, share: 0.2, label: 'rework: wrong fields' });
  for (let i = 4; i < 36; i += 8) joins.push({ id: `skip${i}`, from: `s${i}`, to: `s${i + 2}`, handoff: 'system', share: 0.3 });
  const map: StallMap = { format: 'stallmap/map', version: 2, id: 'forty', title: 'Forty steps of accounts payable', steps, joins, waivers: [], comments: [] };
  const positions = await layoutMap(map);
  return { ...map, steps: steps.map((s) => ({ ...s, position: positions[s.id] })) };
}

/** What a typed text looks like inside the SVG. */
const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const SCRIPT_LABEL = '</text><script>alert(1)</script> & "q" \'a\' ]]> \u202eevil\u202c \u2066x\u2069';

/** Every typed text hostile: markup that would close the SVG's own elements, bidi overrides, characters XML forbids. */
const hostileMap: StallMap = {
  format: 'stallmap/map',
  version: 2,
  id: 'hostile',
  title: '</title><foreignObject><div>x</div></foreignObject> \u202eTitle',
  steps: [
    { id: 'a', kind: 'start', label: 'Start <svg onload=alert(1)>' },
    { id: 'b', kind: 'ai', label: SCRIPT_LABEL, owner: '<img src=x onerror=alert(1)> \u202eOwner', workMinutes: 5 },
    { id: 'c', kind: 'human', label: 'Lone \ud800 surrogate, \ufffe non-character, \u0007 bell, مراجعة العقد', owner: 'Ann' },
    { id: 'd', kind: 'end', label: 'End &amp; &lt;b&gt;' },
  ],
  joins: [
    { id: 'j1', from: 'a', to: 'b', handoff: 'manual', label: '</tspan></text></g><foreignObject>x</foreignObject>' },
    { id: 'j2', from: 'b', to: 'c', handoff: 'meeting', label: '\u202eright-to-left\u202c', waitMinutes: 60 },
    { id: 'j3', from: 'c', to: 'd', handoff: 'system' },
  ],
  waivers: [],
  comments: [],
};

let forty: StallMap;
const pictures: { name: string; map: StallMap; svg: string }[] = [];

beforeAll(async () => {
  forty = await fortyStepMap();
  for (const t of templates) pictures.push({ name: `template ${t.name}`, map: t.map, svg: exported(t.map) });
  pictures.push({ name: 'a 40-step map', map: forty, svg: exported(forty) });
  pictures.push({ name: 'a hostile map', map: hostileMap, svg: exported(hostileMap) });
});

describe('the SVG export', () => {
  it('is plain SVG: no foreignObject, HTML, script, style, image or event attribute', () => {
    for (const { name, svg } of pictures) {
      expect(svg, name).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
      expect(svg.toLowerCase(), name).not.toMatch(/<foreignobject|<script|<style|<image|<img|<div|<iframe|<[^>]*\son\w+\s*=|xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"/);
    }
  });

  it('is under 200 kB for a 40-step map, map inside included', () => {
    expect(forty.steps).toHaveLength(40);
    for (const { name, svg } of pictures) expect(Buffer.byteLength(svg), name).toBeLessThan(200_000);
  });

  it('is well-formed XML', () => {
    for (const { name, svg } of pictures) expect(wellFormedProblems(svg), name).toEqual([]);
  });

  it('carries the map, which reads back unchanged, and the import reads it as a map', async () => {
    for (const { name, map, svg } of pictures) {
      const inside = parseMapJson(readSvgMap(svg) ?? '');
      const original = parseMapJson(mapFileJson(map));
      expect(inside.ok && original.ok && inside.map, name).toEqual(original.ok && original.map);
      const imported = await readMapFile(new File([svg], 'picture.svg', { type: 'image/svg+xml' }));
      expect(imported.ok && imported.map.steps.map((s) => s.id), name).toEqual(map.steps.map((s) => s.id));
    }
  });

  it('draws every step and join, with each full label in a <title>', () => {
    for (const { name, map, svg } of pictures.filter((p) => p.map !== hostileMap)) {
      expect(svg.match(/<g class="step[ "]/g), name).toHaveLength(map.steps.length);
      expect(svg.match(/<g class="join[ "]/g), name).toHaveLength(map.joins.length);
      expect(svg.match(/<g class="join-label[ "]/g), name).toHaveLength(map.joins.length);
      for (const step of map.steps) expect(svg, name).toContain(`step: ${xml(step.label)}`);
    }
    // A label too long for three lines is cut with an ellipsis on the step; the <title> keeps it whole.
    const long = forty.steps.find((s) => s.label.includes('Supercalifragilistic')) as Step;
    const drawn = pictures.find((p) => p.map === forty)?.svg ?? '';
    expect(drawn).toContain(`step: ${long.label}`);
    expect(drawn).toMatch(/<tspan [^>]*>[^<]*…<\/tspan>/);
  });

  it('draws a flagged join in its severity’s colour, thicker, with an arrowhead of the same colour', () => {
    const invoice = templates.find((t) => t.name === 'invoice-processing')?.map as StallMap;
    const svg = exported(invoice);
    const worst = new Map<string, string>();
    for (const f of analyze(invoice).findings.filter((f) => !f.waived)) {
      const id = f.targets[0];
      const rank = { info: 1, warning: 2, error: 3 };
      if (!worst.has(id) || rank[f.severity] > rank[worst.get(id) as keyof typeof rank]) worst.set(id, f.severity);
    }
    const colours = { error: '#dc2626', warning: '#d97706', info: '#2563eb' } as Record<string, string>;
    const joinIds = new Set(invoice.joins.map((j) => j.id));
    const flagged = [...worst].filter(([id]) => joinIds.has(id));
    expect(flagged.length).toBeGreaterThan(1);
    const lines = [...svg.matchAll(/<g class="join( finding-(\w+))?"><path d="[^"]+" fill="none" stroke="([^"]+)" stroke-width="([\d.]+)"[^>]*\/><path d="[^"]+" fill="([^"]+)"\/><\/g>/g)];
    expect(lines).toHaveLength(invoice.joins.length);
    const bySeverity = lines.filter((m) => m[2] && m[2] !== 'waived');
    expect(bySeverity.map((m) => m[2]).sort()).toEqual(flagged.map(([, s]) => s).sort());
    for (const m of bySeverity) {
      expect(m[3]).toBe(colours[m[2]]);
      expect(m[5]).toBe(colours[m[2]]);
      expect(Number(m[4])).toBeGreaterThanOrEqual(4);
    }
    for (const m of lines.filter((m) => !m[2])) expect(Number(m[4])).toBeLessThan(4);
  });

  it('escapes every typed text: markup stays text, bidi controls and characters XML forbids are dropped', () => {
    const svg = pictures.find((p) => p.map === hostileMap)?.svg ?? '';
    expect(svg).not.toMatch(BIDI);
    expect(svg).not.toMatch(/<script|<foreignObject|<img|<div|<svg onload/i);
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39; ]]&gt; evil x');
    expect(svg).toContain('&lt;/title&gt;&lt;foreignObject&gt;');
    expect(svg).toContain('End &amp;amp; &amp;lt;b&amp;gt;');
    expect(svg).toContain('مراجعة العقد');
    for (const forbidden of ['\ud800', '\ufffe', '\u0007']) expect(svg.includes(forbidden)).toBe(false);
    expect(wellFormedProblems(svg)).toEqual([]);
    // The map inside keeps exactly what was typed, bidi controls and all (as JSON escapes).
    expect(JSON.parse(readSvgMap(svg) ?? 'null').steps[1].label).toBe(SCRIPT_LABEL);
  });
});

describe('the SVG export in a renderer without a browser (librsvg)', () => {
  const dir = mkdtempSync(joinPath(tmpdir(), 'stallmap-svg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders every picture to a PNG of the SVG’s size', () => {
    for (const [i, { name, svg }] of pictures.entries()) {
      const input = joinPath(dir, `picture-${i}.svg`);
      const output = joinPath(dir, `picture-${i}.png`);
      writeFileSync(input, svg);
      const run = spawnSync('rsvg-convert', ['--format', 'png', '--output', output, input], { encoding: 'utf8', timeout: 20_000 });
      expect(run.error, `${name}: rsvg-convert could not start (install librsvg2-bin)`).toBeUndefined();
      expect(run.status, `${name}: ${run.stderr}`).toBe(0);
      const png = readFileSync(output);
      expect(png.subarray(1, 4).toString('latin1'), name).toBe('PNG');
      const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
      expect(png.readUInt32BE(16), name).toBe(Number(width));
      expect(png.readUInt32BE(20), name).toBe(Number(height));
      expect(Number(width), name).toBeGreaterThanOrEqual(600);
      // Drawn, not blank: a white page of that size compresses to a few hundred bytes.
      expect(statSync(output).size, name).toBeGreaterThan(10_000);
    }
  });
});
