// The HTTP API: public routes (throttled, CORS) to public-api, everything else to agent-api; JSON access logs.
import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { Data } from './data';
import { shopdeskFunction } from './lambda';

export interface ApiProps {
  data: Data;
  environment: Record<string, string>;
  /** Never empty: the settings refuse a stack whose API would answer every origin. */
  corsOrigins: string[];
}

/** Per-route limits: the contact form is the door robots knock on. */
export const THROTTLING = {
  default: { rateLimit: 200, burstLimit: 400 },
  public: { rateLimit: 20, burstLimit: 50 },
};

export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly publicFn: lambda.Function;
  readonly agentFn: lambda.Function;
  /** The API's own host name: CloudFront's origin for /v1/*. */
  readonly domainName: string;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { bucket, secretsKey } = props.data;
    this.publicFn = shopdeskFunction(this, 'PublicApi', {
      handler: 'public-api',
      description: 'ShopDesk public API: contact form, uploads, customer view',
      memoryMb: 512,
      timeout: Duration.seconds(15),
      environment: props.environment,
    });
    this.agentFn = shopdeskFunction(this, 'AgentApi', {
      handler: 'agent-api',
      description: 'ShopDesk agent and admin API',
      memoryMb: 1024,
      timeout: Duration.seconds(29),
      // A poll started from the API must end before API Gateway's 30 s.
      environment: { ...props.environment, POLL_BUDGET_MS: '20000' },
    });
    grantTable(this.publicFn, props.data, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'], { indexes: true });
    grantTable(this.agentFn, props.data, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'], { indexes: true });
    grantObjects(this.publicFn, bucket, ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], ['pending/*']);
    grantObjects(this.publicFn, bucket, ['s3:PutObject', 's3:GetObject'], ['attachments/*']);
    grantObjects(this.agentFn, bucket, ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], ['pending/*']);
    // DeleteObject: erasing a customer (T7) removes their attachments and raw mails.
    grantObjects(this.agentFn, bucket, ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], ['attachments/*', 'raw/*']);
    secretsKey.grant(this.agentFn, 'kms:Encrypt', 'kms:Decrypt');

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'ShopDesk',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.corsOrigins,
        allowMethods: [apigw.CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        exposeHeaders: ['retry-after', 'location'],
        maxAge: Duration.minutes(10),
      },
    });
    const publicIntegration = new HttpLambdaIntegration('Public', this.publicFn);
    const agentIntegration = new HttpLambdaIntegration('Agent', this.agentFn);
    const publicRoutes = [
      ...this.httpApi.addRoutes({ path: '/v1/public/{proxy+}', methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST], integration: publicIntegration }),
      ...this.httpApi.addRoutes({ path: '/v1/health', methods: [apigw.HttpMethod.GET], integration: publicIntegration }),
    ];
    // Everything else, the public OpenAPI document included: it describes every route, so it lives where they are.
    const agentRoutes = this.httpApi.addRoutes({
      path: '/v1/{proxy+}',
      methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST, apigw.HttpMethod.PUT, apigw.HttpMethod.PATCH, apigw.HttpMethod.DELETE],
      integration: agentIntegration,
    });
    for (const r of [...publicRoutes, ...agentRoutes]) {
      Validations.of(r).acknowledge({ id: 'AwsSolutions-APIG4', reason: 'Public routes are public by design (SPEC C1–C7); agent routes check the bearer token in the function (one GetItem, revocable at once).' });
    }
    const stage = new apigw.CfnStage(this, 'Stage', {
      apiId: this.httpApi.apiId,
      stageName: '$default',
      autoDeploy: true,
      defaultRouteSettings: { throttlingRateLimit: THROTTLING.default.rateLimit, throttlingBurstLimit: THROTTLING.default.burstLimit },
      routeSettings: Object.fromEntries(
        ['GET /v1/public/{proxy+}', 'POST /v1/public/{proxy+}'].map((routeKey) => [routeKey, { ThrottlingRateLimit: THROTTLING.public.rateLimit, ThrottlingBurstLimit: THROTTLING.public.burstLimit }]),
      ),
      accessLogSettings: {
        destinationArn: this.accessLogs.logGroupArn,
        format: JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          time: '$context.requestTime',
          method: '$context.httpMethod',
          route: '$context.routeKey',
          path: '$context.path',
          status: '$context.status',
          latencyMs: '$context.responseLatency',
          integrationError: '$context.integrationErrorMessage',
        }),
      },
    });
    for (const r of [...publicRoutes, ...agentRoutes]) stage.node.addDependency(r);
    this.domainName = `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }
}

/**
 * The item actions a function's reads, writes and transactions use (a transaction is authorized item by item:
 * TransactWriteItems is not an IAM action), on the table, and on its indexes only for the functions that query them.
 */
export function grantTable(fn: lambda.Function, data: Data, actions: string[], { indexes }: { indexes: boolean }): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: indexes ? [data.table.tableArn, `${data.table.tableArn}/index/*`] : [data.table.tableArn] }));
  data.tableKey.grant(fn, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*');
  const table = Stack.of(fn).getLogicalId(data.table.node.defaultChild as CfnElement);
  if (indexes) Validations.of(fn.role!).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${table}.Arn>/index/*]`, reason: 'Queries use the table’s thread-list indexes, all of them named in docs/data-model.md.' });
  Validations.of(fn.role!).acknowledge({ id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: 'DynamoDB with a customer-managed key needs the GenerateDataKey family on that one key.' });
}

export function grantObjects(fn: lambda.Function, bucket: s3.Bucket, actions: string[], prefixes: string[]): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: prefixes.map((p) => `${bucket.bucketArn}/${p}`) }));
  const logicalId = Stack.of(fn).getLogicalId(bucket.node.defaultChild as CfnElement);
  for (const p of prefixes) {
    Validations.of(fn.role!).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${p}]`, reason: `Objects are created under ${p} with ids the desk generates; the prefix is the narrowest scope.` });
  }
}
