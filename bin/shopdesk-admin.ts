#!/usr/bin/env -S npx tsx
// Operator's tool for a deployed desk: creates an admin (with the default contacts on a new desk) and prints its token.
import { parseArgs } from 'node:util';
import { loadConfig } from '../functions/config';
import { createDeps } from '../functions/clients';
import { listEmployees } from '../functions/store/employees';
import { createAdmin, seedDesk } from '../functions/use-cases/setup';

const USAGE = 'Usage: npx shopdesk-admin create-admin --table <TableName> --region <region> --email <you@shop> [--name "Your Name"]';

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { table: { type: 'string' }, region: { type: 'string' }, email: { type: 'string' }, name: { type: 'string', default: 'Admin' } },
  });
  if (positionals[0] !== 'create-admin' || !values.table || !values.email?.includes('@')) throw new Error(USAGE);
  const deps = createDeps(loadConfig({ ...process.env, TABLE_NAME: values.table, AWS_REGION: values.region ?? process.env.AWS_REGION ?? 'us-east-1', LOG_LEVEL: 'ERROR' }));
  const admin = { name: values.name!, email: values.email.toLowerCase() };
  const isNew = (await listEmployees(deps.db)).length === 0;
  const token = isNew ? await seedDesk(deps, admin) : await createAdmin(deps, admin);
  console.log(isNew ? 'A new desk: default contacts and the first admin were created.' : 'The desk already had employees: one more admin was created.');
  console.log(`Admin token (shown once, stored only as a hash): ${token}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
