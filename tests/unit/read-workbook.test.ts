import { MessageChannel } from 'node:worker_threads';
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
      if (!e.done && e.value.kind === 'rows') received += e.value.count;
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

  it('once routed, sends a sheet\'s rows to the row checker\'s port and tells this thread only where they are', async () => {
    const aoa = [['客户名称', '手机'], ...Array.from({ length: 7000 }, (_, i) => [`客户${i}`, `139${String(i).padStart(8, '0')}`])];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '客户');
    const file = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
    const { port1, port2 } = new MessageChannel();
    const atPort: { first: number; rows: unknown[][] }[] = [];
    port2.on('message', (m: { first: number; rows: unknown[][] }) => atPort.push(m));

    const stream = streamWorkbook(file, { ...DEFAULT_IMPORT_LIMITS }, port1);
    const slices: { first: number; count: number; rows: unknown[][] | null }[] = [];
    for await (const e of stream.events) {
      if (e.kind !== 'rows') continue;
      slices.push(e);
      if (slices.length === 1) expect(stream.route(0)).toBe(true);
    }
    // The port's messages may come after this thread heard of them.
    await new Promise((r) => setTimeout(r, 100));
    port2.close();
    expect(slices[0]!.rows).not.toBeNull();
    const routed = slices.filter((s) => s.rows === null);
    expect(routed.length).toBeGreaterThan(1);
    expect(atPort.map((b) => [b.first, b.rows.length])).toEqual(routed.map((s) => [s.first, s.count]));
    // Every row once, in order, wherever it went.
    const all = slices.flatMap((s) => s.rows ?? atPort.find((b) => b.first === s.first)!.rows);
    expect(all).toEqual(aoa);
    expect(slices.map((s) => s.first)).toEqual(slices.map((_, i) => slices.slice(0, i).reduce((n, x) => n + x.count, 0)));
  });

  it('keeps every row on this thread without a port', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['客户名称'], ...Array.from({ length: 4500 }, (_, i) => [`客户${i}`])]), '客户');
    const stream = streamWorkbook(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, { ...DEFAULT_IMPORT_LIMITS });
    expect(stream.route(0)).toBe(false);
    let rows = 0;
    for await (const e of stream.events) if (e.kind === 'rows') rows += e.rows!.length;
    expect(rows).toBe(4501);
  });
});
