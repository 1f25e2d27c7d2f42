// Reads the table's stream from DynamoDB Local and calls the mail-send handler, retrying failed records like Lambda.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** Like the stream event source's retries: long enough to outlast a send claim (30 s) left by a crash. */
const MAX_RETRIES = 9;

export function startOutboxStream(options: { endpoint: string; table: string; handler: StreamHandler; intervalMs?: number; onError?: (e: unknown) => void }) {
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: 'us-east-1', credentials });
  const ddb = new DynamoDBClient({ endpoint: options.endpoint, region: 'us-east-1', credentials });
  const iterators = new Map<string, string | null>();
  let stopped = false;
  let streamArn: string | undefined;

  async function refreshShards() {
    streamArn ??= (await ddb.send(new DescribeTableCommand({ TableName: options.table }))).Table?.LatestStreamArn;
    if (!streamArn) return;
    const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards ?? [];
    for (const shard of shards) {
      if (iterators.has(shard.ShardId!)) continue;
      const it = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
      iterators.set(shard.ShardId!, it.ShardIterator ?? null);
    }
  }

  async function deliver(records: _Record[]) {
    let pending = records;
    for (let attempt = 0; pending.length > 0 && attempt <= MAX_RETRIES && !stopped; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(8000, 250 * 2 ** attempt)));
      const res = await options.handler({ Records: pending } as unknown as DynamoDBStreamEvent);
      const failed = new Set(res.batchItemFailures.map((f) => f.itemIdentifier));
      pending = pending.filter((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
    }
  }

  async function loop() {
    let rounds = 0;
    while (!stopped) {
      try {
        if (rounds++ % 40 === 0) await refreshShards();
        for (const [shard, iterator] of iterators) {
          if (!iterator) continue;
          const res = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
          iterators.set(shard, res.NextShardIterator ?? null);
          if (res.Records?.length) await deliver(res.Records);
        }
      } catch (error) {
        if (!stopped) options.onError?.(error);
      }
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
    }
  }

  const running = loop();
  return {
    stop: async () => {
      stopped = true;
      await running;
      streams.destroy();
      ddb.destroy();
    },
  };
}
