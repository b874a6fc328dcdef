#!/usr/bin/env -S node --max-semi-space-size=128
// 128 MB semi-spaces (V8's default is 16): an import passes every row of a file through
// short-lived objects on this thread too, and at the default a 100,000-row import spent a
// tenth of its time collecting them. At 64 MB a batch's rows still outlived a collection or
// two and were copied to the old generation; at 128 MB about half as many were, and this
// thread's collection pauses during a PostgreSQL import fell from about 1.3 s to 0.6-1.0 s.
// `npm run server`, `npm start` and `npm run bench` pass the same flag; the import's own
// threads get theirs in code (worker-heap.ts).
// Runs the TypeScript server through tsx, so a checkout needs no build step:
// `npx crm-server start`. Packaged server builds can point this at compiled output.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
