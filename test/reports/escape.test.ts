// Each escaper of reports/escape.ts on its own, character by character: the exact output for
// every character it must change and for the ones it must leave alone. (escaping.test.ts checks
// the rendered reports; this file is the fast one mutation testing runs.)
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  escapeMarkdownCell,
  escapePromLabel,
  escapeXml,
  escapeXmlAttribute,
  markdownCode,
} from '../../reports/escape.js';

describe('escapeHtml', () => {
  it.each([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
    ['`', '&#96;'],
  ])('escapes %s as %s', (c, entity) => {
    expect(escapeHtml(c)).toBe(entity);
    expect(escapeHtml(`a${c}b${c}`)).toBe(`a${entity}b${entity}`);
  });
  it('leaves every other character alone and stringifies non-strings', () => {
    expect(escapeHtml('plain text é ü 你好 \n\t|*[]')).toBe('plain text é ü 你好 \n\t|*[]');
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('null');
    expect(escapeHtml('<a href="x">it\'s</a>')).toBe('&lt;a href=&quot;x&quot;&gt;it&#39;s&lt;/a&gt;');
  });
  it('never leaves a markup character in any string (fast-check, seed 11)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(escapeHtml(s)).not.toMatch(/[<>"'`]|&(?!(amp|lt|gt|quot|#39|#96);)/);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('escapeXml and escapeXmlAttribute', () => {
  it.each([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
  ])('escapes %s as %s', (c, entity) => {
    expect(escapeXml(`x${c}y${c}`)).toBe(`x${entity}y${entity}`);
  });
  it('keeps tab, line feed, carriage return and the whole legal range; replaces what XML 1.0 cannot carry', () => {
    expect(escapeXml('a\tb\nc\rd')).toBe('a\tb\nc\rd');
    expect(escapeXml('\u0000\u0001\u0008\u000b\u000c\u001f')).toBe('\uFFFD'.repeat(6));
    expect(escapeXml('\u0020~\u007f\uD7FF\uE000\uFFFD')).toBe(' ~\u007f\uD7FF\uE000\uFFFD');
    expect(escapeXml('\uFFFE\uFFFF')).toBe('\uFFFD\uFFFD');
    expect(escapeXml('😀 \u{10FFFF}')).toBe('😀 \u{10FFFF}');
    expect(escapeXml('lone \uD800 surrogate \uDFFF')).toBe('lone \uFFFD surrogate \uFFFD');
    expect(escapeXml('`')).toBe('`');
    expect(escapeXml(7)).toBe('7');
  });
  it('attributes also keep tabs and line breaks as character references', () => {
    expect(escapeXmlAttribute('a\tb\nc\rd"&')).toBe('a&#9;b&#10;c&#13;d&quot;&amp;');
    expect(escapeXmlAttribute('\u0001')).toBe('\uFFFD');
  });
  it('an attribute round-trips through an XML parser exactly (fast-check, seed 12)', () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      trimValues: false,
      processEntities: true,
      htmlEntities: true,
    });
    fc.assert(
      fc.property(fc.string(), (s) => {
        const doc = parser.parse(`<r a="${escapeXmlAttribute(s)}"/>`);
        const clean = s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
        expect(String(doc.r['@_a'] ?? '')).toBe(clean);
      }),
      { seed: 12, numRuns: 200 },
    );
  });
});

describe('escapeMarkdownCell', () => {
  it('backslash-escapes Markdown syntax and turns every line break into one space', () => {
    expect(escapeMarkdownCell('a|b*c[d]e~f\\g')).toBe('a\\|b\\*c\\[d\\]e\\~f\\\\g');
    expect(escapeMarkdownCell('1\r\n2\n3\r4\u20285\u20296')).toBe('1 2 3 4 5 6');
    expect(escapeMarkdownCell('<b>`x`</b> & "y"')).toBe('&lt;b&gt;&#96;x&#96;&lt;/b&gt; &amp; &quot;y&quot;');
    expect(escapeMarkdownCell('_under_ #hash')).toBe('_under_ #hash');
  });
});

describe('markdownCode', () => {
  it('fences with one backtick more than the longest run inside, padding a leading or trailing backtick', () => {
    expect(markdownCode('simgate episode --x')).toBe('`simgate episode --x`');
    expect(markdownCode('a `b` c')).toBe('``a `b` c``');
    expect(markdownCode('a ``b`` c')).toBe('```a ``b`` c```');
    expect(markdownCode('`start')).toBe('`` `start ``');
    expect(markdownCode('end`')).toBe('`` end` ``');
    expect(markdownCode('two\nlines\r\nhere')).toBe('`two lines here`');
    expect(markdownCode('')).toBe('``');
  });
});

describe('escapePromLabel', () => {
  it('escapes backslash, double quote and line feed, and nothing else', () => {
    expect(escapePromLabel('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapePromLabel('\\\\""\n\n')).toBe('\\\\\\\\\\"\\"\\n\\n');
    expect(escapePromLabel("tab\there 'q' {x}")).toBe("tab\there 'q' {x}");
  });
});
