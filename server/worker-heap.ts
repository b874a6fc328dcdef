// The young generation of the threads an import or an export runs on. They pass every row of a
// file through short-lived objects (cells, checked rows, statement parameters), and with V8's
// default semi-spaces (16 MB) they spent about as long collecting them as doing the work: a
// 100,000-row import took 7.1-7.7 s and 13 CPU-seconds on SQLite, 6.0-6.4 s and 10.5-11 with
// 64 MB semi-spaces. The space grows only while a thread allocates that fast.
export const WORKER_HEAP = { maxYoungGenerationSizeMb: 192 } as const;
