// The desk in a process of its own for the API benchmark, as in production, where the client is not in the server's process.
// Options as JSON in argv[2]; prints one JSON line {url, adminToken} when ready; SIGTERM stops it. It meters its own
// DynamoDB calls per request (bench/meter.ts) and answers the message 'reading' on the IPC channel with the counts so far.
import { startApp, type AppOptions } from '../local/app';
import { installMeter, requestsAnswered, takeReading } from './meter';

installMeter();
const app = await startApp(JSON.parse(process.argv[2]!) as AppOptions);
takeReading();
console.log(JSON.stringify({ url: app.url, adminToken: app.adminToken }));
process.on('message', (message) => {
  if (message === 'reading') void requestsAnswered().then(() => process.send?.(takeReading()));
});
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
