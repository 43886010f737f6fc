import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { csvField, decodeEntities, escapeHtml, escapeMarkdown, mermaidText, oneLine, yamlString } from '../../../src/core/plan';

describe('escapeMarkdown', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a\nb\r\n\tc', 'a b c'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['[x](javascript:alert(1))', '\\[x\\](javascript:alert(1))'],
    ['`code` *em* _u_ ~~s~~ $m$', '\\`code\\` \\*em\\* \\_u\\_ \\~\\~s\\~\\~ \\$m\\$'],
    ['a | b', 'a \\| b'],
    ['Title ##', 'Title \\#\\#'],
    ['back\\slash', 'back\\\\slash'],
    ['&amp; stays typed', '&amp;amp; stays typed'],
    ['- not a list', '\\- not a list'],
    ['+ nor this', '\\+ nor this'],
    ['1. nor this', '1\\. nor this'],
    ['2) nor this', '2\\) nor this'],
    ['Re-key 1.5 h', 'Re-key 1.5 h'],
    ['{#id .class}', '\\{\\#id .class\\}'],
    ['see https://evil.example', 'see https\\://evil.example'],
    ['or www.evil.example', 'or www\\.evil.example'],
    ['mail a@b.example', 'mail a\\@b.example'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('mermaidText and decodeEntities', () => {
  it('encodes every character that could end or change a quoted label, and decodes back', () => {
    const typed = 'a "b" #quot; <c> & [d] (e) {f} |g| `h` %% i; \\ j';
    const encoded = mermaidText(typed);
    expect(encoded.replace(/#\w+;/g, '')).not.toMatch(/["<>&[\](){}|`%;\\#]/);
    expect(decodeEntities(encoded)).toBe(typed);
  });

  it('collapses line breaks, since a label is one line', () => {
    expect(mermaidText('one\ntwo\r\nthree')).toBe('one two three');
  });

  it('decodes Mermaid and HTML entity forms, and leaves unknown names as typed', () => {
    expect(decodeEntities('#quot;#35;&#60;&lt;&amp;&#x41;#unknown;')).toBe('"#<<&A#unknown;');
  });
});

describe('yamlString', () => {
  it.each(['plain', '---', 'key: value', '# comment', '- item', 'null', 'true', '  padded ', 'a\nb\r\n\tc', 'quote " and \\', '\u0007bell', '<script>', 'ünï ✓', '*anchor', '&ref', '!tag', '%directive', '@at', '`tick`', "'single'"])(
    '%j parses back exactly',
    (text) => {
      const line = yamlString(text);
      expect(line).not.toMatch(/[\n<>]/);
      expect(parseYaml(`value: ${line}`)).toEqual({ value: text });
    },
  );
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain', 'plain'],
    ['a,b', '"a,b"', 'a,b'],
    ['say "hi"', '"say ""hi"""', 'say "hi"'],
    ['two\nlines', '"two\nlines"', 'two\nlines'],
    ['=SUM(A1)', "'=SUM(A1)", "'=SUM(A1)"],
    ['+1', "'+1", "'+1"],
    ['-1', "'-1", "'-1"],
    ['@cmd', "'@cmd", "'@cmd"],
    ['\tx', "'\tx", "'\tx"],
    ['\rx', `"'\rx"`, "'\rx"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`, `'=HYPERLINK("x","y")`],
  ])('%j → %j, read back as %j', (value, field, read) => {
    expect(csvField(value)).toBe(field);
    expect(parseCsv(`${field}\r\n`)).toEqual([[read]]);
  });
});

describe('oneLine and escapeHtml', () => {
  it('drops control characters and collapses whitespace', () => {
    expect(oneLine(' a\u0000b \n\n c\u007f ')).toBe('ab c');
  });

  it('escapes HTML text and attributes', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')"> & co`)).toBe('&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62; &#38; co');
  });
});
