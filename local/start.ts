// `npm start`: runs the whole desk on this machine and prints how to use it; Ctrl-C stops everything.
import { LocalSetupError } from './dynamodb';
import { startLocalDesk } from './app';

const env = process.env;
const port = (name: string, fallback: number) => Number(env[name] ?? fallback);

async function main() {
  const started = Date.now();
  console.log('Starting ShopDesk locally…');
  const desk = await startLocalDesk({
    dataDir: env.SHOPDESK_DATA_DIR ?? '.shopdesk',
    host: env.SHOPDESK_HOST ?? '127.0.0.1',
    apiPort: port('SHOPDESK_PORT', 3000),
    dynamoPort: port('SHOPDESK_DYNAMODB_PORT', 8000),
    s3Port: port('SHOPDESK_S3_PORT', 4569),
    sesPort: port('SHOPDESK_SES_PORT', 8005),
    adminEmail: env.SHOPDESK_ADMIN_EMAIL ?? 'admin@shop.local',
    senderAddress: env.SHOPDESK_SENDER ?? 'desk@shop.local',
    onRequest: env.SHOPDESK_QUIET ? undefined : (line) => console.log(`  ${line}`),
    onError: (e) => console.error(`  background task failed: ${(e as Error).message}`),
  });
  console.log('');
  console.log(`ShopDesk is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`  API:        ${desk.url}   (try: curl ${desk.url}/v1/health)`);
  console.log(`  OpenAPI:    ${desk.url}/v1/openapi.json`);
  console.log(`  Console:    ${desk.url}/console/   (sign in as ${desk.adminEmail}: the link arrives on the sent-mail page)`);
  if (desk.adminToken) {
    console.log(`  Admin token (shown once, stored only as a hash — keep it now):`);
    console.log(`              ${desk.adminToken}`);
  } else {
    console.log('  Admin token: created on the first start (not shown again). Lost it? Delete the data folder to start over.');
  }
  console.log(`  Sent mail:  ${desk.ses.url}/`);
  console.log(`  Form:       ${desk.url}/contact-form.js   (see "The customer's pages" in README.md)`);
  console.log(`  Data:       ${desk.dataDir}`);
  console.log('Press Ctrl-C to stop.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await desk.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  const message = error instanceof LocalSetupError || (error instanceof Error && /Port \d+ is taken/.test(error.message)) ? (error as Error).message : `Could not start: ${(error as Error).message}`;
  console.error(message);
  process.exit(1);
});
