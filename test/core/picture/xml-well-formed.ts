/**
 * A strict XML 1.0 well-formedness check for the SVG the picture module writes (no DTD, no
 * CDATA, no processing instruction other than an XML declaration): every character allowed by
 * XML, one root, tags nested and closed, attributes quoted and not repeated, `<` never in text or
 * values, `&` only as a known or numeric entity. Returns the problems found, none when well formed.
 */
const NAME = '[A-Za-z_][\\w.:-]*';
const TOKEN = new RegExp(
  [
    '<\\?xml\\s[^?]*\\?>', // declaration
    '<!--(?:(?!--)[\\s\\S])*-->', // comment
    `</(${NAME})\\s*>`, // end tag: 1
    `<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, // start tag: 2 name, 3 attributes, 4 self-closing
    '[^<]+', // text
  ].join('|'),
  'y',
);
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

function entityProblems(text: string, where: string): string[] {
  const problems: string[] = [];
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    ENTITY.lastIndex = i;
    if (!ENTITY.test(text)) problems.push(`a bare & in ${where}: ${JSON.stringify(text.slice(i, i + 20))}`);
  }
  if (where === 'text' && text.includes(']]>')) problems.push('"]]>" in text');
  return problems;
}

export function wellFormedProblems(xml: string): string[] {
  const problems: string[] = [];
  const bad = NOT_XML_CHAR.exec(xml);
  if (bad) problems.push(`a character XML forbids: U+${bad[0].codePointAt(0)?.toString(16)} at ${bad.index}`);
  const open: string[] = [];
  let roots = 0;
  let at = 0;
  while (at < xml.length) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(xml);
    if (!match) {
      problems.push(`not XML at ${at}: ${JSON.stringify(xml.slice(at, at + 40))}`);
      break;
    }
    at = TOKEN.lastIndex;
    const [token, endName, startName, attributes, selfClosing] = match;
    if (endName) {
      const expected = open.pop();
      if (expected !== endName) problems.push(`</${endName}> closes <${expected ?? 'nothing'}>`);
    } else if (startName) {
      if (open.length === 0 && ++roots > 1) problems.push(`a second root element <${startName}>`);
      const seen = new Set<string>();
      for (const [, name, double, single] of (attributes ?? '').matchAll(ATTRIBUTE)) {
        if (seen.has(name)) problems.push(`<${startName}> repeats the attribute ${name}`);
        seen.add(name);
        problems.push(...entityProblems(double ?? single ?? '', 'an attribute'));
      }
      if (!selfClosing) open.push(startName);
    } else if (!token.startsWith('<')) {
      if (open.length === 0 && token.trim()) problems.push(`text outside the root: ${JSON.stringify(token.slice(0, 40))}`);
      problems.push(...entityProblems(token, 'text'));
    }
  }
  if (open.length) problems.push(`never closed: ${open.join(' > ')}`);
  if (roots === 0) problems.push('no root element');
  return problems;
}
