// Thrown when a file holds something the fast .xlsx reader does not handle exactly as SheetJS
// would: the caller then reads the file with SheetJS instead of guessing.
export class XlsxUnsupportedError extends Error {
  /**
   * @param {string} message
   * @param {number} [row] the first row (0-based) whose values may differ; rows before it
   *   were read correctly and may already have been handed on
   */
  constructor(message, row) {
    super(message);
    this.name = 'XlsxUnsupportedError';
    /** @type {number | undefined} */
    this.row = row;
  }
}
