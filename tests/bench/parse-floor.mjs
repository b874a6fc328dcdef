// The floor an import is held against: SheetJS alone reading the file, in a worker thread as
// the server's own parse runs, with the read options the server uses.
import { parentPort, workerData } from 'node:worker_threads';
import * as XLSX from 'xlsx';

const wb = XLSX.read(workerData.bytes, { type: 'buffer', dense: true, cellFormula: false, cellHTML: false, cellText: false, cellDates: false, cellStyles: false });
parentPort.postMessage({ rows: wb.Sheets[wb.SheetNames[0]]['!data'].length });
