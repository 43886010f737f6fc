import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { analyze } from '../../src/core/analyzer';
import type { StallMap } from '../../src/core/model';
import { findTemplate, templates } from '../../src/core/templates';
import { autoLayout, settle } from './canvas';
import { withAppAndBrowser } from './setup';

/**
 * A facilitator's shared screen: 1920×1080, the map at fit view. Every join's label must be
 * readable there (inside the canvas, on no step, not covering its own line) and every flagged
 * join must show its severity in its line and its arrowhead.
 */
const env = withAppAndBrowser();

type Severity = 'error' | 'warning' | 'info';
const SEVERITY_RGB: Record<Severity, string> = { error: 'rgb(220, 38, 38)', warning: 'rgb(217, 119, 6)', info: 'rgb(37, 99, 235)' };
const RANK = { info: 1, warning: 2, error: 3 } as const;

/** Each flagged element's most severe open finding, as the canvas marks it (its first target). */
function severities(map: StallMap): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const finding of analyze(map).findings) {
    const id = finding.targets[0];
    if (id === undefined || finding.waived) continue;
    const before = out.get(id);
    if (!before || RANK[finding.severity] > RANK[before]) out.set(id, finding.severity);
  }
  return out;
}

async function openOnSharedScreen(link: string): Promise<Page> {
  const { page } = await env.browser.person('Facilitator');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(link);
  await page.locator('[data-metric="lead-time"]').waitFor();
  await page.locator('.join-label').first().waitFor();
  await fitView(page);
  return page;
}

/** What a facilitator presses to show the whole map (the toolbar's, or the canvas controls'), then the view settled. */
async function fitView(page: Page): Promise<void> {
  await settle(page);
  await page.getByRole('button', { name: /^fit view$/i }).first().click();
  await settle(page);
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface Seen {
  canvas: Rect;
  steps: { id: string; rect: Rect }[];
  joins: { id: string; label: Rect | null; stroke: string; width: number; arrow: string | null; lineUnderLabel: number }[];
}

/** What the screen shows: boxes in page pixels, and each join's drawn colours. */
function look(page: Page): Promise<Seen> {
  return page.evaluate(() => {
    const rect = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const canvas = rect(document.querySelector('.react-flow') as Element);
    const steps = [...document.querySelectorAll('.react-flow__node')].map((n) => ({ id: n.getAttribute('data-id') ?? '', rect: rect(n) }));
    const joins = [...document.querySelectorAll('.react-flow__edge')].map((edge) => {
      const id = edge.getAttribute('data-id') ?? edge.getAttribute('data-testid')?.replace(/^rf__edge-/, '') ?? '';
      const line = edge.querySelector('.join-line') as SVGPathElement;
      const style = getComputedStyle(line);
      // The arrowhead: a shape of the edge's own, or the SVG marker its line points to.
      let arrow: string | null = null;
      const own = edge.querySelector('.join-arrow');
      if (own) arrow = getComputedStyle(own).fill;
      else {
        const ref = /url\(["']?#([^"')]+)["']?\)/.exec(line.getAttribute('marker-end') ?? '')?.[1];
        const shape = ref ? document.getElementById(ref)?.querySelector('polyline, path') : null;
        if (shape) arrow = getComputedStyle(shape).fill;
      }
      const labelEl = document.querySelector(`.join-label[data-join-id="${CSS.escape(id)}"]`);
      const label = labelEl ? rect(labelEl) : null;
      // How much of the line the label covers: points along the line, in page pixels, inside the label.
      let lineUnderLabel = 0;
      if (label) {
        const length = line.getTotalLength();
        const matrix = line.getScreenCTM() as DOMMatrix;
        for (let i = 0; i <= 60; i++) {
          const p = new DOMPoint(line.getPointAtLength((length * i) / 60).x, line.getPointAtLength((length * i) / 60).y).matrixTransform(matrix);
          if (p.x > label.left + 1 && p.x < label.right - 1 && p.y > label.top + 1 && p.y < label.bottom - 1) lineUnderLabel += 1;
        }
      }
      return { id, label, stroke: style.stroke, width: Number.parseFloat(style.strokeWidth), arrow, lineUnderLabel };
    });
    return { canvas, steps, joins };
  });
}

const intersects = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const within = (inner: Rect, outer: Rect) => inner.left >= outer.left && inner.right <= outer.right && inner.top >= outer.top && inner.bottom <= outer.bottom;

/** Everything the shared screen must show, as one list of problems (empty when legible). */
function problems(seen: Seen, flagged: Map<string, Severity>): string[] {
  const out: string[] = [];
  const unflaggedWidths = seen.joins.filter((j) => !flagged.has(j.id)).map((j) => j.width);
  for (const join of seen.joins) {
    if (!join.label) {
      out.push(`${join.id}: no label`);
      continue;
    }
    if (!within(join.label, seen.canvas)) out.push(`${join.id}: label outside the canvas`);
    for (const step of seen.steps) if (intersects(join.label, step.rect)) out.push(`${join.id}: label on step ${step.id}`);
    if (join.lineUnderLabel > 0) out.push(`${join.id}: label covers its line`);
    const severity = flagged.get(join.id);
    if (severity) {
      if (join.stroke !== SEVERITY_RGB[severity]) out.push(`${join.id}: ${severity} drawn ${join.stroke}`);
      if (join.arrow !== SEVERITY_RGB[severity]) out.push(`${join.id}: ${severity} arrowhead ${join.arrow}`);
      if (!unflaggedWidths.every((w) => join.width > w)) out.push(`${join.id}: ${severity} line no thicker than the unflagged`);
    } else if (Object.values(SEVERITY_RGB).includes(join.stroke) || Object.values(SEVERITY_RGB).includes(join.arrow ?? '')) {
      out.push(`${join.id}: unflagged but drawn in a severity colour`);
    }
  }
  return out;
}

// Generous: each test opens a fresh page and waits for the view to settle; on a busy machine that is slow, not wrong.
describe('joins legible at fit view on a 1080p shared screen', { timeout: 60_000 }, () => {
  for (const template of templates) {
    it(`the ${template.name} template: every join label visible and clear of steps, flagged joins in their severity colour`, async () => {
      const flagged = new Map([...severities(template.map)].filter(([id]) => template.map.joins.some((j) => j.id === id)));
      expect(flagged.size).toBeGreaterThan(0);
      const created = await env.app.createMap({ template: template.name });
      const page = await openOnSharedScreen(created.links.edit);
      const seen = await look(page);
      expect(seen.joins.map((j) => j.id).sort()).toEqual(template.map.joins.map((j) => j.id).sort());
      expect(problems(seen, flagged)).toEqual([]);
      await page.context().close();
    });
  }

  it('Auto-layout spreads cramped steps (as an import places them) so every join label has room', async () => {
    const template = findTemplate('invoice-processing') as (typeof templates)[number];
    const flagged = new Map([...severities(template.map)].filter(([id]) => template.map.joins.some((j) => j.id === id)));
    // Steps 20 px apart in one row, as a grid import or a quick sketch leaves them.
    const cramped: StallMap = { ...template.map, steps: template.map.steps.map((s, i) => ({ ...s, position: { x: i * 220, y: 0 } })) };
    const created = await env.app.createMap(cramped);
    const page = await openOnSharedScreen(created.links.edit);
    await autoLayout(page);
    await fitView(page);
    expect(problems(await look(page), flagged)).toEqual([]);
    await page.context().close();
  });

  // Every step of a straight line is on its critical path, which review mode leaves undimmed as it
  // does the flagged ones (review-dimming.test.ts dims a step off the path).
  it('review mode leaves the steps of a straight-line map undimmed, all on its critical path; the outline follows its own toggle', async () => {
    const template = findTemplate('contract-review') as (typeof templates)[number];
    const flagged = severities(template.map);
    const unflagged = template.map.steps.filter((s) => !flagged.has(s.id)).map((s) => s.id);
    const marked = template.map.steps.filter((s) => flagged.has(s.id)).map((s) => s.id);
    expect(unflagged.length).toBeGreaterThan(0);
    expect(marked.length).toBeGreaterThan(0);
    const created = await env.app.createMap({ template: template.name });
    const page = await openOnSharedScreen(created.links.review);
    expect(await page.locator('.workspace.review-mode').count()).toBe(1);

    const opacity = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((n) => Number(getComputedStyle(n).opacity));
    const outlined = () =>
      page.locator('.react-flow__node .step').evaluateAll((steps) => steps.filter((s) => getComputedStyle(s).outlineStyle !== 'none').length);
    await expect.poll(() => page.locator('.react-flow__node.on-critical-path').count()).toBe(template.map.steps.length);
    for (const id of [...unflagged, ...marked]) expect(await opacity(id)).toBe(1);
    expect(await outlined()).toBe(0);

    const toggle = page.getByRole('checkbox', { name: 'critical path' });
    await toggle.check();
    await expect.poll(outlined).toBe(template.map.steps.length);
    await toggle.uncheck();
    await expect.poll(outlined).toBe(0);
    for (const id of unflagged) expect(await opacity(id)).toBe(1);
    await page.context().close();
  });
});
