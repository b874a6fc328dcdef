import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env.CRM_E2E_DATA_DIR;
  if (dir && dir.includes('crm-e2e-')) fs.rmSync(dir, { recursive: true, force: true });
}
