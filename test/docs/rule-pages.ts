/**
 * Reads the examples of a rule's docs page (docs/rules/<rule-id>.md). Each example is a ```json
 * block holding a map, followed by a ```findings block that says what the rule reports on it:
 *
 *     error j2: Manual hand-off 'emailed' from 'Draft reply' to 'Agent checks reply' adds 30 min wait
 *       impact: lead time 30 min, staff 0 min per item
 *
 * one line per finding of the page's rule, in the analyzer's order: its severity, its first target,
 * a colon and its message; an indented `impact:` line when the fix would take time off (no line:
 * nothing). A block reading `none` says the rule reports nothing.
 */

export interface ExpectedFinding {
  severity: string;
  target: string;
  message: string;
  impact: { leadTimeMinutes: number; staffMinutesPerItem: number };
}

export interface PageExample {
  /** The line of the page where the map starts, for failure messages. */
  line: number;
  mapText: string;
  findings: ExpectedFinding[];
}

const FENCE = /^```(\w*)\s*$/;
const FINDING = /^(error|warning|info) ([A-Za-z0-9_-]{1,64}): (.+)$/;
const IMPACT = /^ {2}impact: lead time (\d+(?:\.\d+)?) min, staff (\d+(?:\.\d+)?) min per item$/;

/** The fenced blocks of a Markdown page, with their language and first line. */
function fencedBlocks(markdown: string): { lang: string; line: number; body: string[] }[] {
  const blocks: { lang: string; line: number; body: string[] }[] = [];
  let open: { lang: string; line: number; body: string[] } | undefined;
  markdown.split('\n').forEach((text, i) => {
    const fence = FENCE.exec(text);
    if (open) {
      if (text.trim() === '```') {
        blocks.push(open);
        open = undefined;
      } else open.body.push(text);
    } else if (fence) open = { lang: fence[1], line: i + 1, body: [] };
  });
  if (open) throw new Error(`unclosed code block at line ${open.line}`);
  return blocks;
}

export function pageExamples(markdown: string): PageExample[] {
  const blocks = fencedBlocks(markdown);
  const examples: PageExample[] = [];
  blocks.forEach((block, i) => {
    if (block.lang === 'findings') {
      const map = blocks[i - 1];
      if (map?.lang !== 'json') throw new Error(`the findings block at line ${block.line} does not follow a json map`);
      examples.push({ line: map.line, mapText: map.body.join('\n'), findings: parseFindings(block.body, block.line) });
    }
  });
  return examples;
}

function parseFindings(lines: string[], at: number): ExpectedFinding[] {
  if (lines.length === 1 && lines[0].trim() === 'none') return [];
  const findings: ExpectedFinding[] = [];
  lines.forEach((text, i) => {
    const finding = FINDING.exec(text);
    const impact = IMPACT.exec(text);
    if (finding) {
      findings.push({ severity: finding[1], target: finding[2], message: finding[3], impact: { leadTimeMinutes: 0, staffMinutesPerItem: 0 } });
    } else if (impact && findings.length > 0) {
      findings[findings.length - 1].impact = { leadTimeMinutes: Number(impact[1]), staffMinutesPerItem: Number(impact[2]) };
    } else {
      throw new Error(`line ${at + 1 + i} of a findings block is neither "severity target: message", "  impact: …" nor "none": ${text}`);
    }
  });
  return findings;
}
