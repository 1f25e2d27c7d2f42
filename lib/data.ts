// Stateful resources: the one table (with its indexes and stream), the bucket, and their keys.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INDEXES, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from '../functions/store/table-definition';

export interface DataProps {
  corsOrigins: string[];
  /** Production keeps every piece of data when the stack or a resource goes away; other stages drop the table and keys. */
  production: boolean;
}

export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly tableKey: kms.Key;
  readonly bucket: s3.Bucket;
  /** Server access logs of every bucket of the stack, each under its own prefix. */
  readonly accessLogs: s3.Bucket;
  /** Seals the mailbox password; only the functions that read or write it may use it. */
  readonly secretsKey: kms.Key;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    const removalPolicy = props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.tableKey = new kms.Key(this, 'TableKey', { enableKeyRotation: true, description: 'ShopDesk table encryption', removalPolicy });
    this.secretsKey = new kms.Key(this, 'SecretsKey', { enableKeyRotation: true, description: 'ShopDesk mailbox password', removalPolicy });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.production,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      removalPolicy,
    });
    for (const index of INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    // No ACLs: S3 delivers server access logs under a bucket policy limited to this account's buckets.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Files', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'files/',
      removalPolicy: RemovalPolicy.RETAIN,
      // Unclaimed uploads expire; raw mail and attachments are kept (M3: nothing is lost).
      lifecycleRules: [
        { id: 'pending-uploads', prefix: 'pending/', expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) },
        { id: 'old-versions', noncurrentVersionExpiration: Duration.days(30) },
      ],
    });
    this.allowUploadsFrom(props.corsOrigins);
  }

  /** Browsers on these origins may post presigned uploads and read presigned downloads. */
  allowUploadsFrom(origins: string[]): void {
    this.bucket.addCorsRule({ allowedOrigins: origins, allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET], allowedHeaders: ['*'], maxAge: 3000 });
  }
}
