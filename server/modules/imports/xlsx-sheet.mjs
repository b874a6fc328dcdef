// One worksheet's XML, scanned by hand (indexOf and char codes, no DOM, no regex per cell) into
// rows of cell values equal to what the SheetJS path of parse-worker hands over for the same
// sheet read with { dense: true, cellFormula: false, cellText: false, cellDates: false }.
// Anything outside the shapes written by Excel, WPS, LibreOffice and the usual libraries
// throws XlsxUnsupportedError, so that SheetJS reads the sheet instead.
import { siText, strCellText, unescapeXml, xmlAttrs } from './xlsx-strings.mjs';
import { XlsxUnsupportedError } from './xlsx-unsupported.mjs';

/** @typedef {string | number | boolean | null} CellValue */
/** @typedef {{ s: { r: number, c: number }, e: { r: number, c: number } }} CellRange */

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const MERGE = /<(?:\w+:)?mergeCell ref=["'][A-Z0-9:]+['"]\s*[/]?>/g;
const HYPERLINK = /<(?:\w+:)?hyperlink [^<>]*>/gm;
const MAX_COL = 16383;

/** @param {number} c */
const isSpace = (c) => c === 32 || c === 10 || c === 13 || c === 9;
/** @param {number} c */
const endsName = (c) => c === 62 || c === 47 || isSpace(c);

/**
 * SheetJS's safe_decode_range, verbatim (merges and hyperlinks go through it).
 * @param {string} range
 * @returns {CellRange}
 */
export function decodeRange(range) {
  const o = { s: { c: 0, r: 0 }, e: { c: 0, r: 0 } };
  let idx = 0;
  let i = 0;
  let cc = 0;
  const len = range.length;
  for (idx = 0; i < len; ++i) {
    if ((cc = range.charCodeAt(i) - 64) < 1 || cc > 26) break;
    idx = 26 * idx + cc;
  }
  o.s.c = --idx;
  for (idx = 0; i < len; ++i) {
    if ((cc = range.charCodeAt(i) - 48) < 0 || cc > 9) break;
    idx = 10 * idx + cc;
  }
  o.s.r = --idx;
  if (i === len || cc != 10) {
    o.e.c = o.s.c;
    o.e.r = o.s.r;
    return o;
  }
  ++i;
  for (idx = 0; i != len; ++i) {
    if ((cc = range.charCodeAt(i) - 64) < 1 || cc > 26) break;
    idx = 26 * idx + cc;
  }
  o.e.c = --idx;
  for (idx = 0; i != len; ++i) {
    if ((cc = range.charCodeAt(i) - 48) < 0 || cc > 9) break;
    idx = 10 * idx + cc;
  }
  o.e.r = --idx;
  return o;
}

/**
 * Whether the start of a sheet part opens <worksheet> in the transitional namespace, with no
 * prefix bound to it (prefixed or strict sheets go to SheetJS).
 * @param {string} head the first bytes of the part, latin1
 */
export function isPlainWorksheet(head) {
  let p = head.startsWith('\xef\xbb\xbf') ? 3 : 0;
  for (;;) {
    while (isSpace(head.charCodeAt(p))) p++;
    const [open, close] = head.startsWith('<?', p) ? ['<?', '?>'] : head.startsWith('<!--', p) ? ['<!--', '-->'] : ['', ''];
    if (!open) break;
    const end = head.indexOf(close, p + open.length);
    if (end < 0) return false;
    p = end + close.length;
  }
  if (!head.startsWith('<worksheet', p) || !endsName(head.charCodeAt(p + 10))) return false;
  const gt = head.indexOf('>', p);
  if (gt < 0) return false;
  const tag = head.slice(p, gt + 1);
  return xmlAttrs(tag).xmlns === MAIN_NS && tag.split(MAIN_NS).length === 2;
}

/**
 * @param {Buffer} buf the sheet part
 * @param {import('./xlsx-strings.mjs').SharedStrings} strs shared strings
 * @param {number} sheetRows rows past this row number are not read (SheetJS's sheetRows)
 */
export function openSheet(buf, strs, sheetRows) {
  const S = buf.latin1Slice(0, buf.length);
  let from = 0;
  let to = 0;
  let tail = S;
  const open = S.indexOf('<sheetData');
  if (open < 0) {
    if (S.indexOf(':sheetData') >= 0) throw new XlsxUnsupportedError('prefixed sheetData');
  } else {
    if (!endsName(S.charCodeAt(open + 10))) throw new XlsxUnsupportedError('unexpected sheetData tag');
    const gt = S.indexOf('>', open);
    // <sheetData/>: SheetJS finds no sheetData, and looks for merges in the whole part.
    if (S.charCodeAt(gt - 1) !== 47) {
      from = gt + 1;
      to = S.indexOf('</sheetData>', from);
      if (to < 0) throw new XlsxUnsupportedError('unclosed sheetData');
      tail = S.slice(to + 12);
    }
  }
  // Comment anchors become empty cells in SheetJS; rare in imports, so left to it.
  if (tail.indexOf('legacyDrawing') >= 0) throw new XlsxUnsupportedError('legacy drawing (comments)');

  const merges = (tail.match(MERGE) ?? []).map((m) => {
    const { s, e } = decodeRange(m.slice(m.indexOf('=') + 2));
    return { s: { r: s.r, c: s.c }, e: { r: e.r, c: e.c } };
  });
  const links = linkedCells(tail, sheetRows);

  let rowCount = 0;
  const last = to > from ? S.lastIndexOf('<row', to) : -1;
  if (last >= from) {
    const attrs = xmlAttrs(S.slice(last, S.indexOf('>', last) + 1));
    rowCount = attrs.r !== undefined ? parseInt(attrs.r, 10) || 0 : S.slice(from, to).split('<row').length - 1;
  }
  rowCount = Math.min(rowCount, sheetRows);
  for (const r of links.keys()) rowCount = Math.max(rowCount, r + 1);

  return { merges, rowCount, rows: () => scanRows(S, buf, from, to, strs, sheetRows, links) };
}

/**
 * SheetJS gives each cell under a hyperlink an empty stub, so such a row exists (and is as
 * long as its last linked column) even with nothing in it. Row index -> last linked column.
 * @param {string} tail
 * @param {number} sheetRows
 */
function linkedCells(tail, sheetRows) {
  /** @type {Map<number, number>} */
  const links = new Map();
  for (const tag of tail.match(HYPERLINK) ?? []) {
    const ref = xmlAttrs(Buffer.from(tag, 'latin1').toString('utf8')).ref;
    if (!ref) break;
    const { s, e } = decodeRange(ref);
    if (s.r > e.r || s.c > e.c) continue;
    if (s.r < 0 || s.c < 0 || e.c > MAX_COL || e.r >= sheetRows) throw new XlsxUnsupportedError('hyperlink outside the rows read');
    for (let r = s.r; r <= e.r; r++) links.set(r, Math.max(links.get(r) ?? -1, e.c));
  }
  return new Map([...links].sort((a, b) => a[0] - b[0]));
}

// The tag being read: where it ends and its r and t attributes, as index ranges into the
// part (module state rather than an object per cell: there can be millions of cells).
let tagEnd = 0;
let selfClosing = false;
let rA = -1;
let rB = -1;
let tA = -1;
let tB = -1;

/**
 * Reads the attributes of the tag whose name ends just before i, up to its ">".
 * @param {string} S
 * @param {number} i
 * @param {number} row for the error
 */
function readTag(S, i, row) {
  rA = rB = tA = tB = -1;
  for (;;) {
    let c = S.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    if (c === 62) {
      tagEnd = i;
      selfClosing = false;
      return;
    }
    if (c === 47 && S.charCodeAt(i + 1) === 62) {
      tagEnd = i + 1;
      selfClosing = true;
      return;
    }
    const n0 = i;
    while ((c = S.charCodeAt(i)) !== 61 && c > 32 && c !== 62 && c !== 47) i++;
    const n1 = i;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = S.charCodeAt(++i);
    if (c !== 61 || n1 === n0) throw new XlsxUnsupportedError('attribute without a value', row);
    c = S.charCodeAt(++i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = S.charCodeAt(++i);
    if (c !== 34 && c !== 39) throw new XlsxUnsupportedError('unquoted attribute', row);
    const v0 = i + 1;
    let d = S.charCodeAt(++i);
    // SheetJS ends a tag at its first ">", even inside a value.
    while (d !== c && d !== 62 && d === d) d = S.charCodeAt(++i);
    if (d !== c) throw new XlsxUnsupportedError('">" or no end in an attribute value', row);
    if (n1 - n0 === 1) {
      const name = S.charCodeAt(n0);
      if (name === 114) {
        rA = v0;
        rB = i;
      } else if (name === 116) {
        tA = v0;
        tB = i;
      }
    } else {
      // SheetJS drops attribute prefixes (x:t would stand in for t), and finds a cell's
      // reference with /r=["']/, which any other name ending in r would also match.
      const last = S.charCodeAt(n1 - 1);
      if (last === 114 || (last === 116 && S.charCodeAt(n1 - 2) === 58)) throw new XlsxUnsupportedError('attribute named like r or t', row);
    }
    i++;
  }
}

const T_N = 0;
const T_S = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_B = 4;
const T_E = 5;

/**
 * @param {string} S
 * @param {number} row
 */
function cellType(S, row) {
  if (tA < 0) return T_N;
  const len = tB - tA;
  const c = S.charCodeAt(tA);
  if (len === 0) return T_N;
  if (len === 1) {
    if (c === 115) return T_S;
    if (c === 110) return T_N;
    if (c === 98) return T_B;
    if (c === 101) return T_E;
  } else if (len === 3 && S.startsWith('str', tA)) return T_STR;
  else if (len === 9 && S.startsWith('inlineStr', tA)) return T_INLINE;
  // t="d" needs SheetJS's date parsing (and the server's time zone); others are unknown.
  throw new XlsxUnsupportedError(`cell type ${S.slice(tA, tB)}`, row);
}

/**
 * Digits only, as a number; -1 when the text is anything else.
 * @param {string} S
 * @param {number} a
 * @param {number} b
 */
function digits(S, a, b) {
  if (b <= a || b - a > 15) return -1;
  let n = 0;
  for (let i = a; i < b; i++) {
    const d = S.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Text of a <v> for the types SheetJS reads without UTF-8 (numbers, indexes, booleans).
 * @param {string} S
 * @param {number} a
 * @param {number} b
 */
function rawValue(S, a, b) {
  const s = S.slice(a, b);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 38 || c === 95 || c === 60) return unescapeXml(s);
  }
  return s;
}

/**
 * @param {string} S
 * @param {Buffer} buf
 * @param {number} from
 * @param {number} to
 * @param {import('./xlsx-strings.mjs').SharedStrings} strs
 * @param {number} sheetRows
 * @param {Map<number, number>} links
 * @returns {Generator<[number, CellValue[]], void, undefined>}
 */
function* scanRows(S, buf, from, to, strs, sheetRows, links) {
  const linkRows = [...links.keys()];
  let li = 0;
  // The last row number read. SheetJS numbers a row without r as this plus one, not counting
  // self-closing rows.
  let prev = 0;
  let p = from;
  while (p < to) {
    while (isSpace(S.charCodeAt(p))) p++;
    if (p >= to) break;
    if (S.charCodeAt(p) !== 60 || !S.startsWith('row', p + 1) || !endsName(S.charCodeAt(p + 4))) {
      throw new XlsxUnsupportedError(`unexpected markup in sheetData: ${S.slice(p, p + 20)}`, prev);
    }
    readTag(S, p + 4, prev);
    p = tagEnd + 1;
    if (selfClosing) continue;
    let num = prev + 1;
    if (rA >= 0) {
      num = digits(S, rA, rB);
      if (num < 1) throw new XlsxUnsupportedError('bad row number', prev);
    }
    if (num <= prev) throw new XlsxUnsupportedError('rows out of order', num - 1);
    prev = num;
    // Rows are in order, so nothing after this one is read either.
    if (num > sheetRows) break;
    const r0 = num - 1;

    /** @type {CellValue[]} */
    const row = [];
    let col = -1;
    for (;;) {
      while (isSpace(S.charCodeAt(p))) p++;
      if (S.charCodeAt(p) !== 60) throw new XlsxUnsupportedError('text in a row', r0);
      const c1 = S.charCodeAt(p + 1);
      if (c1 === 99 && endsName(S.charCodeAt(p + 2))) {
        // <c r="B3" s="2" t="s">…</c>
        readTag(S, p + 2, r0);
        const empty = selfClosing;
        const cellStart = tagEnd;
        if (rA >= 0) col = refColumn(S, num);
        else col++;
        let vA = -1;
        let vB = -1;
        let isA = -1;
        let isB = -1;
        let q = cellStart + 1;
        if (!empty) {
          for (;;) {
            while (isSpace(S.charCodeAt(q))) q++;
            if (S.charCodeAt(q) !== 60) throw new XlsxUnsupportedError('text in a cell', r0);
            const d = S.charCodeAt(q + 1);
            if (d === 47) {
              if (S.charCodeAt(q + 2) !== 99 || S.charCodeAt(q + 3) !== 62) throw new XlsxUnsupportedError('unexpected end tag in a cell', r0);
              q += 4;
              break;
            }
            if (d === 118 && S.charCodeAt(q + 2) === 62) {
              // <v>…</v>, the usual case: values are short, a loop beats a call to indexOf.
              let close = q + 3;
              while (S.charCodeAt(close) !== 60 && close < to) close++;
              if (!S.startsWith('</v>', close)) close = S.indexOf('</v>', close);
              if (close < 0) throw new XlsxUnsupportedError('unclosed <v>', r0);
              if (vA < 0) {
                vA = q + 3;
                vB = close;
              }
              q = close + 4;
              continue;
            }
            const e = S.indexOf('>', q);
            const leaf = S.charCodeAt(e - 1) === 47;
            if (d === 118 && endsName(S.charCodeAt(q + 2))) {
              if (leaf) throw new XlsxUnsupportedError('empty <v/>', r0);
              const close = S.indexOf('</v>', e);
              if (close < 0) throw new XlsxUnsupportedError('unclosed <v>', r0);
              if (vA < 0) {
                vA = e + 1;
                vB = close;
              }
              q = close + 4;
            } else if (d === 102 && endsName(S.charCodeAt(q + 2))) {
              // A formula: never evaluated, the cached <v> is the value.
              q = leaf ? e + 1 : after(S, '</f>', e, r0);
            } else if (d === 105 && S.charCodeAt(q + 2) === 115 && endsName(S.charCodeAt(q + 3))) {
              if (leaf) q = e + 1;
              else {
                const close = S.indexOf('</is>', e);
                if (close < 0) throw new XlsxUnsupportedError('unclosed <is>', r0);
                if (isA < 0) {
                  isA = e + 1;
                  isB = close;
                }
                q = close + 5;
              }
            } else if (S.startsWith('<extLst', q) && endsName(S.charCodeAt(q + 7))) {
              q = leaf ? e + 1 : after(S, '</extLst>', e, r0);
            } else throw new XlsxUnsupportedError(`unexpected element in a cell: ${S.slice(q, q + 20)}`, r0);
          }
        }
        // Without r, SheetJS takes the first r="…" anywhere in the cell as its reference.
        if (rA < 0) {
          const inner = S.slice(cellStart, q);
          if (inner.indexOf('r="') >= 0 || inner.indexOf("r='") >= 0) throw new XlsxUnsupportedError('cell without r quoting r=', r0);
        }
        p = q;

        /** @type {CellValue | undefined} */
        let v;
        const type = cellType(S, r0);
        if (type === T_N) {
          if (vB > vA) {
            const n = digits(S, vA, vB);
            if (n >= 0) v = n;
            else {
              const s = rawValue(S, vA, vB);
              if (s !== '') v = parseFloat(s);
            }
          }
        } else if (type === T_S) {
          if (vB > vA) {
            let i = digits(S, vA, vB);
            if (i < 0) i = parseInt(rawValue(S, vA, vB), 10);
            // SheetJS fails the whole sheet on a missing index: let it.
            if (!(i >= 0 && (i < strs.items.length || strs.upTo(i)))) throw new XlsxUnsupportedError('shared string index out of range', r0);
            v = strs.items[i] ?? null;
          }
        } else if (type === T_STR) v = vB > vA ? strCellText(S, buf, vA, vB) : '';
        else if (type === T_INLINE) v = isA >= 0 ? (siText(S, buf, isA, isB) ?? null) : '';
        else if (type === T_B) {
          const s = vB > vA ? rawValue(S, vA, vB) : '';
          v = s === '1' || s === 'true';
        } else v = null;
        if (v !== undefined) {
          if (col === row.length) row.push(v);
          else if (col > row.length) {
            while (row.length < col) row.push(null);
            row.push(v);
          } else row[col] = v;
        }
      } else if (c1 === 47) {
        if (!S.startsWith('</row>', p)) throw new XlsxUnsupportedError('unexpected end tag in a row', r0);
        p += 6;
        break;
      } else if (S.startsWith('<extLst', p) && endsName(S.charCodeAt(p + 7))) {
        const e = S.indexOf('>', p);
        p = S.charCodeAt(e - 1) === 47 ? e + 1 : after(S, '</extLst>', e, r0);
      } else throw new XlsxUnsupportedError(`unexpected element in a row: ${S.slice(p, p + 20)}`, r0);
    }

    while (li < linkRows.length && /** @type {number} */ (linkRows[li]) < r0) {
      const r = /** @type {number} */ (linkRows[li++]);
      yield [r, stubs([], /** @type {number} */ (links.get(r)))];
    }
    if (li < linkRows.length && linkRows[li] === r0) stubs(row, /** @type {number} */ (links.get(linkRows[li++])));
    if (row.length > 0) yield [r0, row];
  }
  while (li < linkRows.length) {
    const r = /** @type {number} */ (linkRows[li++]);
    yield [r, stubs([], /** @type {number} */ (links.get(r)))];
  }
}

/**
 * Index just past the next `close`.
 * @param {string} S
 * @param {string} close
 * @param {number} from
 * @param {number} row for the error
 */
function after(S, close, from, row) {
  const i = S.indexOf(close, from);
  if (i < 0) throw new XlsxUnsupportedError(`unclosed ${close}`, row);
  return i + close.length;
}

/**
 * @param {CellValue[]} row
 * @param {number} lastCol
 */
function stubs(row, lastCol) {
  while (row.length <= lastCol) row.push(null);
  return row;
}

/**
 * Column of the cell whose r attribute was just read. SheetJS places a cell by its reference,
 * not by the row it sits in: a reference to another row is left to it.
 * @param {string} S
 * @param {number} num the enclosing row's number
 */
function refColumn(S, num) {
  let i = rA;
  let col = 0;
  for (; i < rB && i - rA < 4; i++) {
    const c = S.charCodeAt(i) - 64;
    if (c < 1 || c > 26) break;
    col = col * 26 + c;
  }
  const n = digits(S, i, rB);
  if (col === 0 || i - rA > 3 || n !== num) throw new XlsxUnsupportedError(`cell ${S.slice(rA, rB)} in row ${num}`, Math.min(num, n > 0 ? n : num) - 1);
  return col - 1;
}
