// Starts s3rver, an S3-API server keeping files on disk. It checks no signature and no POST policy: the desk never relies on it.
import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

export interface S3Local {
  endpoint: string;
  stop(): Promise<void>;
}

const CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>`;

export async function startS3Local(options: { port: number; dataDir: string; buckets: string[] }): Promise<S3Local> {
  mkdirSync(options.dataDir, { recursive: true });
  const server = new S3rver({
    port: options.port,
    address: '127.0.0.1',
    directory: options.dataDir,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [CORS] })),
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${(address as { port: number }).port}`,
    stop: async () => {
      await server.close();
    },
  };
}
