// The desk in a process of its own for the API benchmark, as in production, where the client is not in the server's process.
// Options as JSON in argv[2]; prints one JSON line {url, adminToken} when ready; SIGTERM stops it.
import { startApp, type AppOptions } from '../local/desk';

const app = await startApp(JSON.parse(process.argv[2]!) as AppOptions);
console.log(JSON.stringify({ url: app.url, adminToken: app.adminToken }));
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
