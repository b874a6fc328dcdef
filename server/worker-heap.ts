// The young generation of the threads an import or an export runs on. They pass every row of a
// file through short-lived objects (cells, checked rows, statement parameters); with V8's
// default semi-spaces (16 MB), collecting them (on these threads and V8's helper threads) was
// about 3.5 of the 12 CPU-seconds of a 100,000-row SQLite import. With 64 MB semi-spaces for
// these threads alone its median went from 6.9 s to 6.3 s in interleaved scratch runs; the
// server's own thread gets twice that through --max-semi-space-size (bin/crm-server.js). The
// space grows only while a thread allocates that fast.
export const WORKER_HEAP = { maxYoungGenerationSizeMb: 192 } as const;
