import { defineConfig } from 'vitest/config';

// unit: pure code and in-memory SQLite; server: the HTTP API against the database named by
// CRM_TEST_DB (scripts/test-server-all.ts runs it once per engine); core: the client core
// in Node against a real server.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts', 'tests/core/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
