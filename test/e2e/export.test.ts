import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { MAP_SCHEMA_URL, parseMapJson } from '../../src/core/model';
import { MAP_KEYWORD, readPngText } from '../../src/core/picture/png-text';
import { readSvgMap } from '../../src/core/picture/svg-text';
import { invoiceProcessing } from '../../src/core/templates/invoice-processing';
import { canvasSteps } from './canvas';
import { withAppAndBrowser } from './setup';

const env = withAppAndBrowser();
let page: Page;

beforeAll(async () => {
  page = (await env.browser.person('Facilitator')).page;
  const created = await env.app.createMap({ template: 'invoice-processing' });
  await page.goto(created.links.edit);
  await page.locator('[data-metric="lead-time"]').waitFor();
  // Zoom in on one corner, so "the whole map" really means more than what is on screen.
  await page.locator('.react-flow__pane').hover();
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -400);
});


async function exportAs(kind: 'PNG' | 'SVG' | 'JSON' | 'Mermaid'): Promise<Buffer> {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: `Export ${kind}` }).click()]);
  return readFileSync((await download.path()) as string);
}

describe('the map as a file', () => {
  it('exports JSON in the format, naming its JSON Schema, which import reads back', async () => {
    const text = (await exportAs('JSON')).toString('utf8');
    const file = JSON.parse(text);
    expect(file.$schema).toBe(MAP_SCHEMA_URL);
    const parsed = parseMapJson(text);
    expect(parsed.ok && parsed.map.steps.map((s) => s.id).sort()).toEqual(invoiceProcessing.steps.map((s) => s.id).sort());
  });
});

describe('the map as a Mermaid flowchart', () => {
  it('imports back under the map’s title, not the file’s name', async () => {
    const mermaid = await exportAs('Mermaid');
    const other = (await env.browser.person('Diagrammer')).page;
    await other.goto(env.app.url);
    await other.locator('[data-testid="import-file"]').setInputFiles({ name: 'invoice-processing-with-ai-extraction.mmd', mimeType: 'text/plain', buffer: mermaid });
    await other.waitForURL(/\/m\//);
    await expect.poll(() => other.locator('.map-title').textContent()).toBe(invoiceProcessing.title);
    expect((await canvasSteps(other)).length).toBe(invoiceProcessing.steps.length);
  });

  it('says what the flowchart leaves out of the map as it is saved', async () => {
    await exportAs('Mermaid');
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringMatching(/\.mmd draws the steps and joins; a flowchart leaves out .*owners, performers, the steps’ minutes.*the program.*Export JSON, PNG or SVG to keep the whole map/));
    await page.getByRole('alert').filter({ hasText: 'a flowchart leaves out' }).getByRole('button', { name: 'Dismiss' }).click();
  });
});

describe('the Export menu', () => {
  it('closes on Esc and gives the focus back to its button', async () => {
    const button = page.getByRole('button', { name: 'Export', exact: true });
    await button.click();
    await page.getByRole('menuitem', { name: 'Export JSON' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('pictures of the map', () => {
  it('exports a plain SVG of the whole map (no HTML inside), findings drawn, with the map inside it', async () => {
    const file = await exportAs('SVG');
    const svg = file.toString('utf8');
    // Shapes, paths and text only: slide decks and design tools do not draw HTML in a foreignObject.
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).not.toMatch(/foreignObject|xhtml|<div|<style/i);
    expect(file.length).toBeLessThan(200_000);
    for (const step of invoiceProcessing.steps) expect(svg).toContain(step.label);
    // A flagged join in its severity's colour, thicker.
    expect(svg).toMatch(/<g class="join finding-error"><path d="[^"]+" fill="none" stroke="#dc2626" stroke-width="4"/);
    const inside = JSON.parse(readSvgMap(svg) ?? 'null');
    expect(inside.steps.map((s: { id: string }) => s.id).sort()).toEqual(invoiceProcessing.steps.map((s) => s.id).sort());
  });

  it('exports a PNG with the map in a text chunk, and importing the picture gives the map back', async () => {
    const png = await exportAs('PNG');
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const width = png.readUInt32BE(16);
    expect(width).toBeGreaterThan(1500);
    const inside = JSON.parse(readPngText(new Uint8Array(png), MAP_KEYWORD) ?? 'null');
    expect(inside.title).toBe(invoiceProcessing.title);

    const other = (await env.browser.person('Newcomer')).page;
    await other.goto(env.app.url);
    await other.locator('[data-testid="import-file"]').setInputFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: png });
    await other.waitForURL(/\/m\//);
    await expect.poll(() => canvasSteps(other)).toEqual(expect.arrayContaining(invoiceProcessing.steps.map((s) => s.id)));
  });

  it('refuses a picture that carries no map, saying so', async () => {
    const other = (await env.browser.person('Skeptic')).page;
    await other.goto(env.app.url);
    const blankPng = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await other.locator('[data-testid="import-file"]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: blankPng });
    await expect.poll(() => other.getByRole('alertdialog').textContent()).toContain('has no Stallmap map inside');
  });
});
