#!/usr/bin/env node
// Runs the TypeScript server through tsx, so a checkout needs no build step:
// `npx crm-server start`. Packaged server builds can point this at compiled output.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
