// Text of .xlsx cells and shared strings, decoded exactly as SheetJS 0.20.3 decodes it, quirks
// included, so that the fast reader and the SheetJS fallback hand over the same values.
// Sheets are scanned as latin1 strings (one char per byte, like SheetJS's "binary" strings)
// and text is turned into UTF-8 only where SheetJS does so; the shared-string table is decoded
// in one go and read as cells ask for it (see sharedStrings).
import { XlsxUnsupportedError } from './xlsx-unsupported.mjs';

/** @type {Record<string, string>} */
const ENTITIES = { '&quot;': '"', '&apos;': "'", '&gt;': '>', '&lt;': '<', '&amp;': '&' };
const ENTITY = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi;
const OOXML_ESCAPE = /_x([\da-fA-F]{4})_/gi;

// SheetJS's unescapexml, verbatim: "&#X41;" reads as decimal, "&AMP;" as U+0000, numeric
// references above U+FFFF lose their high bits, and _xHHHH_ is decoded after the entities.
/** @param {string} s */
function rawUnescape(s) {
  const i = s.indexOf('<![CDATA[');
  if (i === -1) {
    return s
      .replace(ENTITY, ($$, $1) => ENTITIES[$$] || String.fromCharCode(parseInt($1, $$.indexOf('x') > -1 ? 16 : 10)) || $$)
      .replace(OOXML_ESCAPE, (_m, c) => String.fromCharCode(parseInt(c, 16)));
  }
  const j = s.indexOf(']]>');
  return rawUnescape(s.slice(0, i)) + s.slice(i + 9, j) + rawUnescape(s.slice(j + 3));
}

/**
 * @param {string} s
 * @param {boolean} [xlsx] SheetJS also turns CRLF into LF for cell and shared-string text
 */
export function unescapeXml(s, xlsx) {
  const out = rawUnescape(s);
  return xlsx ? out.replace(/\r\n/g, '\n') : out;
}

/** @param {string} latin1 */
const utf8read = (latin1) => Buffer.from(latin1, 'latin1').toString('utf8');

/**
 * Text of the bytes [a, b) of an XML part, as SheetJS's unescapexml(utf8read(..), true).
 * @param {string} L the part as latin1
 * @param {Buffer} buf the same part as bytes
 * @param {number} a
 * @param {number} b
 */
export function xmlText(L, buf, a, b) {
  let high = false;
  let special = false;
  for (let i = a; i < b; i++) {
    const c = L.charCodeAt(i);
    if (c > 127) high = true;
    else if (c === 38 || c === 95 || c === 60 || c === 13) special = true;
  }
  const s = high ? buf.utf8Slice(a, b) : L.slice(a, b);
  return special ? unescapeXml(s, true) : s;
}

/**
 * A t="str" cell: SheetJS unescapes the <v> text as latin1, reads the result as UTF-8, then
 * unescapes it again — so "&amp;lt;" ends up "<" and "&#20013;" loses its high byte.
 * @param {string} L
 * @param {Buffer} buf
 * @param {number} a
 * @param {number} b
 */
export function strCellText(L, buf, a, b) {
  for (let i = a; i < b; i++) {
    const c = L.charCodeAt(i);
    if (c === 38 || c === 95 || c === 60 || c === 13) return unescapeXml(utf8read(unescapeXml(L.slice(a, b))), true);
  }
  return xmlText(L, buf, a, b);
}

const PLAIN = /^\s*<(?:\w+:)?t[^>]*>/;
const T_CLOSE = /<\/(?:\w+:)?t>/;
const RICH = /<(?:\w+:)?r\b[^<>]*>/;
const RUN_TEXT = /<(?:\w+:)?t\b[^<>]*>([^<]*)<\/(?:\w+:)?t>/g;
const TAG = /<[/?]?[a-zA-Z0-9:_-]+(?:\s+[^"\s?<>/]+\s*=\s*(?:"[^"]*"|'[^']*'|[^'"<>\s=]+))*\s*[/?]?>/gm;
const RPH_OPEN = /<(?:\w+:)?rPh\b[^<>]*>/g;
const RPH_CLOSE = /<\/(?:\w+:)?rPh>/g;

// SheetJS's str_remove_xml_ns_g(x, "rPh"): phonetic runs dropped, null when one is unclosed.
/** @param {string} x */
function withoutPhonetics(x) {
  const out = [];
  RPH_OPEN.lastIndex = RPH_CLOSE.lastIndex = 0;
  let m;
  let ef = 0;
  while ((m = RPH_OPEN.exec(x))) {
    out.push(x.slice(ef, m.index));
    RPH_CLOSE.lastIndex = RPH_OPEN.lastIndex;
    if (!RPH_CLOSE.exec(x)) return null;
    ef = RPH_CLOSE.lastIndex;
    RPH_OPEN.lastIndex = RPH_CLOSE.lastIndex;
  }
  out.push(x.slice(ef));
  return out.join('');
}

// SheetJS's parse_si(x).t on the latin1 text of an <si> or <is>, for the uncommon shapes:
// rich runs (joined, phonetic runs left out), prefixed tags, CDATA.
/** @param {string} x */
function siTextSlow(x) {
  if (!x) return '';
  if (PLAIN.test(x)) return unescapeXml(utf8read(x.slice(x.indexOf('>') + 1).split(T_CLOSE)[0] || ''), true);
  if (RICH.test(x)) {
    const runs = withoutPhonetics(x);
    if (runs === null) throw new XlsxUnsupportedError('unclosed phonetic run');
    return unescapeXml(utf8read((runs.match(RUN_TEXT) || []).join('').replace(TAG, '')), true);
  }
  return undefined;
}

/** @param {number} c */
const isSpace = (c) => c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12 || c === 0xa0;

/**
 * Text of an inline string (the inside of <is>) at [a, b), as SheetJS's parse_si(x).t:
 * undefined when it holds neither <t> nor runs.
 * @param {string} L
 * @param {Buffer} buf
 * @param {number} a
 * @param {number} b
 * @returns {string | undefined}
 */
export function siText(L, buf, a, b) {
  let s = a;
  while (s < b && isSpace(L.charCodeAt(s))) s++;
  // The common shape, <t>text</t> or <t xml:space="preserve">text</t>, without slicing.
  if (L.charCodeAt(s) === 60 && L.charCodeAt(s + 1) === 116) {
    const gt = L.indexOf('>', s);
    if (gt > 0 && gt < b) {
      const lt = L.indexOf('<', gt + 1);
      if (lt > 0 && lt < b && L.startsWith('</t>', lt)) return xmlText(L, buf, gt + 1, lt);
    }
  }
  return siTextSlow(L.slice(a, b));
}

/**
 * @typedef {{ items: (string | undefined)[], upTo(i: number): boolean }} SharedStrings
 * items: the strings read so far; upTo(i): reads on until item i is read, false when the table
 * has no item i.
 */

/**
 * The shared-string table, as SheetJS's parse_sst_xml: items split on </si>, including the
 * piece after the last one (so one index past the end reads as "" rather than failing).
 * Decoded as UTF-8 in one go and sliced, which gives SheetJS's per-item decoding as long as
 * items and texts start and end at ASCII markup, as they do in the shape read here.
 * Items are read as cells first ask for them: writers put the strings in the order rows first
 * use them, so a large sheet's first rows go out without waiting for the whole table (a
 * quarter of a second for 700,000 strings). An item the reader cannot take fails the row
 * that asks for it, which parse-spreadsheet.mjs then hands to SheetJS.
 * @param {Buffer} buf
 * @returns {SharedStrings}
 */
export function sharedStrings(buf) {
  const U = buf.toString('utf8');
  const open = U.indexOf('<sst');
  // SheetJS would also read a prefixed or UTF-16 table; not worth a second code path.
  if (open < 0) throw new XlsxUnsupportedError('no <sst> element');
  const start = U.indexOf('>', open) + 1;
  const end = U.indexOf('</sst>', start);
  /** @type {(string | undefined)[]} */
  const items = [];
  if (start <= 0 || end < 0) return { items, upTo: () => false };
  const odd = (/** @type {string} */ s) => {
    const i = U.indexOf(s, start);
    return i >= 0 && i < end;
  };
  if (odd('sstItem') || odd(':si>')) throw new XlsxUnsupportedError('unusual shared strings');
  let p = start;
  let done = false;
  return {
    items,
    upTo(i) {
      while (!done && items.length <= i) {
        const close = U.indexOf('</si>', p);
        if (close < 0 || close > end) {
          items.push(siTextSlow(latin1Of(U.slice(p, end)).replace(/<si>/g, '').trim()));
          done = true;
          break;
        }
        let s = p;
        while (s < close && isAsciiSpace(U.charCodeAt(s))) s++;
        if (!U.startsWith('<si>', s)) throw new XlsxUnsupportedError('unusual shared string item');
        items.push(sstItem(U, s + 4, close));
        p = close + 5;
      }
      return i < items.length;
    },
  };
}

/** @param {number} c */
const isAsciiSpace = (c) => c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12;
const SPECIAL = /[&_\r]/;

/**
 * One shared string, from the decoded table.
 * @param {string} U
 * @param {number} a
 * @param {number} b
 */
function sstItem(U, a, b) {
  let s = a;
  while (s < b && isAsciiSpace(U.charCodeAt(s))) s++;
  if (s < b && U.charCodeAt(s) === 60 && U.charCodeAt(s + 1) === 116) {
    const gt = U.indexOf('>', s);
    if (gt > 0 && gt < b) {
      const lt = U.indexOf('<', gt + 1);
      if (lt > 0 && lt < b && U.startsWith('</t>', lt)) {
        const t = U.slice(gt + 1, lt);
        return SPECIAL.test(t) ? unescapeXml(t, true) : t;
      }
    }
  }
  return siTextSlow(latin1Of(U.slice(a, b)).trim());
}

// Back to SheetJS's one-char-per-byte text, for the rare items read the slow way; exact
// only when the bytes were valid UTF-8.
/** @param {string} u */
function latin1Of(u) {
  if (u.includes('\ufffd')) throw new XlsxUnsupportedError('invalid UTF-8 in shared strings');
  return Buffer.from(u, 'utf8').latin1Slice();
}

const ATTR = /\s([^"\s?>/]+)\s*=\s*((?:")([^"]*)(?:")|(?:')([^']*)(?:')|([^'">\s]+))/g;

/**
 * Attributes of one tag, raw (not unescaped), keyed by local name as SheetJS's parsexmltag
 * keys them: r:id is "id", xmlns:r is "xmlnsr".
 * @param {string} tag
 * @returns {Record<string, string>}
 */
export function xmlAttrs(tag) {
  /** @type {Record<string, string>} */
  const z = {};
  for (const m of tag.match(ATTR) ?? []) {
    const cc = m.slice(1);
    let c = cc.indexOf('=');
    const q = cc.slice(0, c).trim();
    while (cc.charCodeAt(c + 1) === 32) ++c;
    const quot = cc.charCodeAt(c + 1) === 34 || cc.charCodeAt(c + 1) === 39 ? 1 : 0;
    const v = cc.slice(c + 1 + quot, cc.length - quot);
    const j = q.indexOf(':');
    z[j < 0 ? q : (j === 5 && q.startsWith('xmlns') ? 'xmlns' : '') + q.slice(j + 1)] = v;
  }
  return z;
}
