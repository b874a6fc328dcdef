// A streaming reader for ordinary .xlsx files, several times faster than SheetJS's XLSX.read
// and far lighter on memory: the zip is inflated with native zlib one part at a time, and a
// sheet's rows are scanned lazily so they can be handed on while the rest is still being read.
// It gives the same values as parse-worker's SheetJS path, and returns null (or throws
// XlsxUnsupportedError) for anything it cannot read exactly that way, so the caller can fall
// back to SheetJS rather than guess: .xlsb, .ods, strict OOXML, prefixed XML, comments, ...
import { inflateEntry, peekEntry, zipEntries } from './zip-entries.mjs';
import { sharedStrings, unescapeXml, xmlAttrs } from './xlsx-strings.mjs';
import { isPlainWorksheet, openSheet } from './xlsx-sheet.mjs';
import { XlsxUnsupportedError } from './xlsx-unsupported.mjs';

export { XlsxUnsupportedError };

const CT_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const WORKBOOK_TYPES = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
  'application/vnd.ms-excel.sheet.binary.macroEnabled.main',
  'application/vnd.ms-excel.addin.macroEnabled.main+xml',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml',
];
const SST_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml', 'application/vnd.ms-excel.sharedStrings'];
const WORKSHEET_RELS = ['http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet', 'http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet'];
// Comments (and the VML shapes that anchor notes) become empty cells in SheetJS.
const COMMENT_RELS = [
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments',
  'http://schemas.microsoft.com/office/2017/10/relationships/threadedComment',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing',
];
const TAG = /<[/?]?[a-zA-Z0-9:_-]+(?:\s+[^"\s?<>/]+\s*=\s*(?:"[^"]*"|'[^']*'|[^'"<>\s=]+))*\s*[/?]?>/gm;
// Enough of a sheet part to hold its root element, however many namespaces it declares.
const PEEK_BYTES = 16 * 1024;

/** @typedef {import('./xlsx-sheet.mjs').CellValue} CellValue */

/**
 * @param {Uint8Array} bytes the whole .xlsx (a worker receives a Buffer as a Uint8Array)
 * @param {{ maxRows: number }} opts rows past maxRows + 50 are not read, as with SheetJS's sheetRows
 */
export function openXlsx(bytes, opts) {
  try {
    return openPackage(bytes, opts);
  } catch (e) {
    if (e instanceof XlsxUnsupportedError) return null;
    throw e;
  }
}

/** @param {string} what */
const unsupported = (what) => new XlsxUnsupportedError(what);

/**
 * Tags of a small XML part, each with its name (prefix kept) and attributes.
 * @param {string} xml
 */
function tags(xml) {
  return (xml.match(TAG) ?? []).map((tag) => ({ name: tag.slice(1).split(/[\s/>]/, 1)[0] ?? '', attrs: xmlAttrs(tag) }));
}

/**
 * @param {Uint8Array} bytes
 * @param {{ maxRows: number }} opts
 */
function openPackage(bytes, { maxRows }) {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sheetRows = Number.isFinite(maxRows) && maxRows + 50 > 0 ? maxRows + 50 : Infinity;
  const zip = zipEntries(buf);
  // Parts named in [Content_Types].xml lose their leading slash; relationship targets do not.
  /** @param {string} path */
  const entry = (path) => zip.get(path.replace(/^\//, '').toLowerCase());
  /** @param {string} path */
  const exact = (path) => zip.get(path.toLowerCase().replace(/\\/g, '/'));
  /** @param {string} path as SheetJS reads parts: one char per byte */
  const latin1 = (path) => {
    const e = entry(path);
    return e ? inflateEntry(buf, e).latin1Slice() : null;
  };

  // SheetJS reads these as OpenDocument or Numbers whatever else the zip holds.
  if (entry('META-INF/manifest.xml') || entry('objectdata.xml') || entry('Index/Document.iwa')) throw unsupported('not an OOXML package');
  const contentTypes = latin1('[Content_Types].xml');
  if (contentTypes === null) throw unsupported('no content types');
  /** @type {string[]} */
  const workbooks = [];
  /** @type {string[]} */
  const sst = [];
  for (const { name, attrs } of tags(contentTypes)) {
    if (name.includes(':')) throw unsupported('prefixed content types');
    if (name === 'Types' && attrs.xmlns !== CT_NS) throw unsupported('content types namespace');
    if (name !== 'Override') continue;
    if (WORKBOOK_TYPES.includes(attrs.ContentType ?? '')) workbooks.push(attrs.PartName ?? '');
    if (SST_TYPES.includes(attrs.ContentType ?? '')) sst.push(attrs.PartName ?? '');
  }
  if ((workbooks[0] ?? '/xl/workbook.xml').toLowerCase() !== '/xl/workbook.xml') throw unsupported(`workbook at ${workbooks[0]}`);

  /** @type {import('./xlsx-strings.mjs').SharedStrings} */
  let strs = { items: [], upTo: () => false };
  if (sst[0] !== undefined) {
    const e = entry(sst[0]);
    if (!e || sst[0].toLowerCase().endsWith('.bin')) throw unsupported('shared strings missing or binary');
    strs = sharedStrings(inflateEntry(buf, e));
  }

  const workbook = latin1('xl/workbook.xml');
  const wbRels = latin1('xl/_rels/workbook.xml.rels');
  if (workbook === null || wbRels === null) throw unsupported('no workbook or workbook relationships');
  /** @type {{ name: string, id: string }[]} */
  const sheets = [];
  let ns = '';
  for (const { name, attrs } of tags(workbook)) {
    const local = name.slice(name.indexOf(':') + 1);
    if (local !== name && (local === 'workbook' || local === 'sheet' || local === 'sheets')) throw unsupported('prefixed workbook');
    if (name === 'workbook') ns = attrs.xmlns ?? '';
    if (name !== 'sheet') continue;
    if (attrs.name === undefined || attrs.id === undefined) throw unsupported('sheet without name or id');
    sheets.push({ name: unescapeXml(Buffer.from(attrs.name, 'latin1').toString('utf8')), id: attrs.id });
  }
  if (ns !== 'http://schemas.openxmlformats.org/spreadsheetml/2006/main') throw unsupported(`workbook namespace ${ns}`);
  const rels = relationships(wbRels);

  const paths = sheets.map(({ id }) => {
    const rel = rels.get(id);
    if (!rel) throw unsupported(`no relationship ${id}`);
    if (rel.type && !WORKSHEET_RELS.includes(rel.type)) throw unsupported(`sheet of type ${rel.type}`);
    // SheetJS's three guesses at where the target is, in its order.
    let path = 'xl/' + rel.target.replace(/[/]?xl\//, '');
    if (!exact(path)) path = rel.target;
    if (!exact(path)) path = 'xl/' + rel.target;
    const e = exact(path);
    if (!e) throw unsupported(`sheet ${rel.target} missing`);
    const relsEntry = exact(path.replace(/^(.*)(\/)([^/]*)$/, '$1/_rels/$3.rels'));
    const sheetRels = relsEntry ? inflateEntry(buf, relsEntry).latin1Slice() : null;
    if (sheetRels !== null && [...relationships(sheetRels).values()].some((r) => COMMENT_RELS.includes(r.type))) throw unsupported('comments');
    if (!isPlainWorksheet(peekEntry(buf, e, PEEK_BYTES).latin1Slice())) throw unsupported(`${path} is not a plain transitional worksheet`);
    return e;
  });

  return {
    sheetNames: sheets.map((s) => s.name),
    /** @param {number} index */
    sheet(index) {
      const e = paths[index];
      const s = sheets[index];
      if (!e || !s) throw new RangeError(`no sheet ${index}`);
      return { name: s.name, ...openSheet(inflateEntry(buf, e), strs, sheetRows) };
    },
  };
}

/** @param {string} xml */
function relationships(xml) {
  /** @type {Map<string, { type: string, target: string }>} */
  const rels = new Map();
  for (const { name, attrs } of tags(xml)) {
    if (name === 'Relationship' && attrs.Id !== undefined) rels.set(attrs.Id, { type: attrs.Type ?? '', target: unescapeXml(attrs.Target ?? '') });
  }
  return rels;
}
