// A cell that Excel, WPS or LibreOffice would read as a formula (or DDE command) when the
// file is opened: = + - @ and a leading tab or carriage return. Prefixing ' makes it text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}
