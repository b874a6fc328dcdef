export interface XlsxWriter {
  add(rows: readonly (readonly (string | number | null | undefined)[])[]): void;
  finish(): Promise<Buffer>;
}
export function createXlsxWriter(header: readonly string[], sheetName: string): XlsxWriter;
