// Creates the table (with its indexes and stream) and the bucket, and seeds a new desk: default contacts, first admin.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import type { Deps } from '../functions/deps';
import type { Contact, Employee } from '../functions/desk/model';
import { DEFAULT_CONTACTS } from '../functions/desk/vocabulary';
import { put, putNew, transact } from '../functions/store/db';
import { contactItem } from '../functions/store/contacts';
import { employeeItem, listEmployees } from '../functions/store/employees';
import { INDEXES, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from '../functions/store/table-definition';
import { issueToken } from '../functions/use-cases/employees';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function ensureTable(endpoint: string, table: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: PARTITION_KEY, AttributeType: 'S' },
          { AttributeName: SORT_KEY, AttributeType: 'S' },
          { AttributeName: 'activity', AttributeType: 'S' },
          ...INDEXES.map((i) => ({ AttributeName: i.partitionKey, AttributeType: 'S' as const })),
        ],
        KeySchema: [
          { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
          { AttributeName: SORT_KEY, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: INDEXES.map((i) => ({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    await client.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } })).catch(() => undefined);
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await client.send(new DescribeTableCommand({ TableName: table }));
  client.destroy();
}

export async function ensureBucket(endpoint: string, bucket: string): Promise<void> {
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!/BucketAlreadyOwnedByYou|BucketAlreadyExists/.test((error as Error).name)) throw error;
  }
  await s3
    .send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'POST', 'PUT'], AllowedHeaders: ['*'] }] },
      }),
    )
    .catch(() => undefined);
  s3.destroy();
}

export function ensureKeyFile(path: string): void {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
}

/** Seeds an empty desk; returns the first admin's token, or null when the desk already had employees. */
export async function seedDesk(deps: Deps, admin: { name: string; email: string }): Promise<string | null> {
  if ((await listEmployees(deps.db)).length > 0) return null;
  const contacts: Contact[] = DEFAULT_CONTACTS.map((c) => ({
    id: c.key,
    name: c.name,
    description: c.description,
    email: c.key === 'webmaster' ? `webmaster@${domainOf(admin.email)}` : `service@${domainOf(admin.email)}`,
    saveMessages: true,
    position: c.position,
    version: 0,
  }));
  const employee: Employee = { id: deps.ids.newId(), name: admin.name, email: admin.email, role: 'admin', active: true, createdAt: deps.now().toISOString(), version: 0 };
  await transact(deps.db, [...contacts.map((c) => put(contactItem(c), 'attribute_not_exists(pk)')), putNew(employeeItem(employee))]).catch((error: Error) => {
    if (error.name !== 'ConditionFailed') throw error;
  });
  const token = await issueToken(deps, employee.id, 'first admin token');
  return token.token;
}

function domainOf(email: string): string {
  return email.split('@')[1] ?? 'shop.local';
}
