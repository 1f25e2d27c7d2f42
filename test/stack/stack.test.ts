import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bin/shopdesk';
import { INDEXES } from '../../functions/store/table-definition';

let template: Template;
let synthError: unknown;

beforeAll(() => {
  // Bundling is skipped here; test/stack/bundles.test.ts bundles for real and runs each bundle.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], senderAddress: 'desk@shop.example', corsOrigins: 'https://shop.example', alarmEmail: 'ops@shop.example' } });
  const { stack } = createApp(app);
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  template = Template.fromStack(stack);
}, 120_000);

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
const policies = () => Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { PolicyDocument: { Statement: Statement[] } } }[];

describe('the stack (SPEC §1, N4)', () => {
  it('passes cdk-nag’s AwsSolutions pack with every acknowledgement justified in code', () => {
    expect(synthError).toBeUndefined();
  });

  it('has one table: on demand, PITR, deletion protection, TTL, stream, customer-managed key, every index', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      GlobalSecondaryIndexes: Match.arrayWith(INDEXES.map((i) => Match.objectLike({ IndexName: i.name }))),
    });
  });

  it('keeps files in a private, encrypted, versioned bucket where pending uploads expire after a day', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.anyValue(),
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'pending/', ExpirationInDays: 1, Status: 'Enabled' })]) },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://shop.example'], AllowedMethods: ['POST', 'GET'] })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('runs five functions on Node.js 22, arm64', () => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => (f as { Properties: { Runtime?: string } }).Properties.Runtime?.startsWith('nodejs'));
    expect(fns).toHaveLength(5);
    for (const f of fns as { Properties: { Runtime: string; Architectures: string[] } }[]) {
      expect(f.Properties.Runtime).toBe('nodejs22.x');
      expect(f.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('routes public paths and agent paths to their functions, throttles the public ones, logs access as JSON', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => (r as { Properties: { RouteKey: string } }).Properties.RouteKey);
    expect(routes).toEqual(expect.arrayContaining(['POST /v1/public/{proxy+}', 'GET /v1/public/{proxy+}', 'GET /v1/health', 'GET /v1/{proxy+}', 'PATCH /v1/{proxy+}']));
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      RouteSettings: { 'POST /v1/public/{proxy+}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 } },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
    });
  });

  it('polls every minute with one poller at most, and sends from the stream filtered to new outbox items', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1, Timeout: 300 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['outbox'] } } } }) }] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 8,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('grants no wildcard action, and a wildcard resource only where AWS requires it', () => {
    for (const policy of policies()) {
      for (const s of policy.Properties.PolicyDocument.Statement) {
        const actions = [s.Action].flat();
        for (const a of actions) expect(a).not.toMatch(/^\*$|:\*$/);
        if (s.Resource === '*') expect(actions).toEqual(['dynamodb:ListStreams']);
      }
    }
  });

  it('lets only the mail functions send through SES, only on the sender identity', () => {
    const ses = policies().flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect([ses[0]!.Action].flat().sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'desk@shop.example' });
  });

  it('raises alarms to a topic with the operator’s e-mail: API 5xx, function errors, failed sends, a stalled poller', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@shop.example' });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => (a as { Properties: { AlarmDescription: string } }).Properties.AlarmDescription);
    expect(alarms).toEqual(expect.arrayContaining(['The API answered 5xx', 'PublicApi failed', 'AgentApi failed', 'MailPoll failed', 'MailSend failed', 'Outbox records gave up after their retries (see the on-failure queue)', 'The mail poller has not succeeded for 15 minutes']));
  });

  it('tells the operator how to create the first admin', () => {
    template.hasOutput('CreateFirstAdmin', { Value: Match.anyValue() });
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });
});
