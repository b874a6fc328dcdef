import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteWriter } from '../../server/db/sqlite-writer';
import { sliceValidator, startCheckThread } from '../../server/modules/imports/slice-validator';
import { sqliteScratch } from '../support/sqlite-scratch';

// An import's threads yield the CPU to the thread answering requests (background-priority.mjs):
// Linux keeps a nice value per thread, read here from /proc for every thread of this process.
const scratch = sqliteScratch('crm-priority-');
const linux = process.platform === 'linux';

function niceValues(): number[] {
  const nice: number[] = [];
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      // Field 19 of stat; the fields after the command name (which may hold spaces) start at 3.
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      nice.push(Number(fields[16]));
    } catch {
      // The thread ended while being listed.
    }
  }
  return nice;
}
const lowered = () => niceValues().filter((n) => n > 0).length;
// What `top -H` and `ps -L` show for each thread.
const threadNames = () =>
  readdirSync('/proc/self/task').map((tid) => {
    try {
      return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
    } catch {
      return '';
    }
  });

describe('background threads', () => {
  const closers: (() => unknown)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it.runIf(linux)('an import\'s writer and row checker run at a lower priority than the thread answering requests', async () => {
    const mine = os.getPriority();
    const before = lowered();

    const writer = openSqliteWriter(scratch.db)!;
    closers.push(() => writer.close());
    await writer.script([{ sql: 'SELECT 1', params: [] }]);
    const withWriter = lowered();
    expect(withWriter).toBe(before + 1);

    const thread = startCheckThread('customers');
    closers.push(thread.close);
    const checks = sliceValidator('customers', [{ col: 0, header: '客户名称', field: 'customer.name' }], thread);
    const result = await checks.check([{ first: 1, count: 1, rows: [['上海测试有限公司']] }]);
    expect(result.checks.valid).toHaveLength(1);
    // The checker's thread and the TypeScript loader it starts, which inherits its priority.
    expect(lowered()).toBeGreaterThan(withWriter);
    // An administrator looking at the server's threads can tell them apart.
    expect(threadNames()).toEqual(expect.arrayContaining(['crm-sqlite-wr', 'crm-imp-check']));

    // Lowering a thread's own priority never touches the rest of the process.
    expect(os.getPriority()).toBe(mine);
  });
});
