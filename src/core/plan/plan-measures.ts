import type { StallMap } from '../model';
import { escapeMarkdown as md } from './escape';
import { shortText } from './plan-words';

/** The text lists this many measures; a program with more names how many are left out. */
const MOST = 8;

/** What is measured after launch, by whom and how often (the map's program). */
export function measuresSection(map: StallMap): string[] {
  const measures = map.program?.measures ?? [];
  if (measures.length === 0) {
    return ['No measures recorded yet: the program lead names what is measured after launch, its target, who measures it and how often.'];
  }
  const cell = (text: string | undefined) => (text?.trim() ? shortText(text, 12) : '—');
  const rows = measures.slice(0, MOST).map((m) => `| ${cell(m.name)} | ${cell(m.target)} | ${m.owner?.trim() ? md(m.owner) : 'no owner yet'} | ${cell(m.cadence)} |`);
  return [
    '| Measure | Target | Who measures | How often |',
    '| --- | --- | --- | --- |',
    ...rows,
    ...(measures.length > MOST ? ['', `And ${measures.length - MOST} more measures in the map's program.`] : []),
  ];
}
