// CSV text: UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16 with its BOM,
// else GB18030 (a superset of GBK/GB2312, what Excel and WPS save "CSV" as on Chinese
// Windows). Plain JavaScript: the parse worker decodes (read-workbook.ts), so that a large
// file is neither decoded nor copied on the thread that answers everyone's requests.

/** @param {Uint8Array} buf */
export function decodeText(buf) {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return new TextDecoder('utf-8').decode(buf.subarray(3));
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}
