import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { DEFAULT_IMPORT_LIMITS } from '../../server/modules/imports/file-guard';
import { streamWorkbook, type WorkbookEvent } from '../../server/modules/imports/read-workbook';

// Rows the parse worker has sent wait in the server's memory until the import takes them. A
// worker that read a large file to the end while the import was still writing its first
// batches kept tens of thousands of rows there, which the server thread's collections then
// copied at every pass (its pauses are what colleagues' requests wait behind).
describe('parse worker pace', () => {
  it('stays a few slices ahead of what the import has taken, and still hands over every row', async () => {
    const rows = 40_000;
    const aoa = [['客户名称', '手机'], ...Array.from({ length: rows }, (_, i) => [`客户${i}`, `139${String(i).padStart(8, '0')}`])];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '客户');
    const file = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;

    const stream = streamWorkbook(file, { ...DEFAULT_IMPORT_LIMITS });
    const events = stream.events[Symbol.asyncIterator]();
    let received = 0;
    const take = (e: IteratorResult<WorkbookEvent>) => {
      if (!e.done && e.value.kind === 'rows') received += e.value.rows.length;
      return e;
    };
    // The first rows, then an import that takes nothing for a while: unchecked, the worker
    // reads all 40,000 rows in well under a second.
    while (received === 0) take(await events.next());
    await new Promise((r) => setTimeout(r, 2000));
    // What had arrived meanwhile is waiting already: it comes before a timer could fire.
    let pending: Promise<IteratorResult<WorkbookEvent>> | null = null;
    for (;;) {
      pending = events.next();
      const first = await Promise.race([pending, new Promise<'later'>((r) => setImmediate(() => r('later')))]);
      if (first === 'later') break;
      pending = null;
      if (take(first).done) break;
    }
    // At most 8,000 rows beyond the 2,000 taken, and a slice or two more: each event taken
    // above lets the worker read on, and a slice it posts at once can still count as waiting.
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThanOrEqual(20_000);

    // Taking on, every row arrives, header included.
    for (let e = pending ? take(await pending) : null; !e?.done; e = take(await events.next()));
    expect(received).toBe(rows + 1);
    stream.close();
  });
});
