import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { INDEXES } from '../../functions/store/table-definition';
import { ORIGIN_SECRET_HEADER, VIEWER_IP_HEADER } from '../../functions/http/edge';
import { COUNTED_BODY_RULES, PUBLIC_PATHS, RATE_LIMITS } from '../../lib/firewall';
import { LOG_METRICS, SES_RATE_ALARMS } from '../../lib/alarms';
import { ROOT } from '../../lib/lambda';
import { BASE, CDK_JSON, refusal, synthesize, type Synthesized } from './synth';

// One synthesis per configuration: prod with an alarm e-mail; prod with the operator's own SNS topic, a region far from
// us-east-1, a sender in a subdomain and its own public URL; and a stage with no optional context at all.
let prod: Synthesized;
let prodTopic: Synthesized;
let staging: Synthesized;
const TOPIC = 'arn:aws:sns:ap-southeast-2:123456789012:ops-pager';

beforeAll(() => {
  prod = synthesize({ ...BASE, stage: 'prod', alarmEmail: 'ops@shop.example' });
  prodTopic = synthesize({ ...BASE, stage: 'prod', region: 'ap-southeast-2', alarmTopicArn: TOPIC, senderAddress: 'help@mail.shop.example', senderDomain: 'shop.example', publicUrl: 'https://desk.shop.example', answersPerThread: '3', mailMaxBytes: '20000000', mailboxAllow: 'private' });
  staging = synthesize({ ...BASE, stage: 'staging' });
}, 600_000);

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> };
type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

const resources = (t: Template, type: string) => Object.entries(t.findResources(type)) as [string, Resource][];
/** CDK's BucketDeployment function copies the built pages (web/) during a deployment only; its role is CDK's own (cdk-nag findings acknowledged in lib/web.ts). */
const PAGES_DEPLOYMENT = 'CustomCDKBucketDeployment';
const identityStatements = (t: Template): Statement[] =>
  resources(t, 'AWS::IAM::Policy')
    .filter(([, p]) => !JSON.stringify(p.Properties.Roles).includes(PAGES_DEPLOYMENT))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
/** Every statement of every policy in the template: identity policies, inline role policies, and resource policies. */
function allStatements(value: unknown): Statement[] {
  if (Array.isArray(value)) return value.flatMap(allStatements);
  if (!value || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const here = 'Effect' in o && ('Action' in o || 'NotAction' in o) ? [o as unknown as Statement] : [];
  return [...here, ...Object.values(o).flatMap(allStatements)];
}
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
const functionsOf = (t: Template) => resources(t, 'AWS::Lambda::Function').filter(([, f]) => String(f.Properties.Runtime ?? '').startsWith('nodejs') && f.Properties.Handler === 'index.handler');
const alarmsOf = (t: Template) => resources(t, 'AWS::CloudWatch::Alarm').map(([id, a]) => ({ id, ...(a.Properties as { AlarmDescription: string; AlarmActions?: unknown[] }) }));

describe('stages (SPEC N6)', () => {
  it('names the stacks after the stage, with an explicit account and region, and the WAF’s stack in us-east-1', () => {
    const [edge, main] = prod.app.node.children.filter((c): c is Stack => c instanceof Stack).sort((a, b) => a.stackName.localeCompare(b.stackName)).reverse();
    expect(main!.stackName).toBe('ShopDesk-prod');
    expect([main!.account, main!.region]).toEqual(['123456789012', 'eu-west-1']);
    expect(edge!.stackName).toBe('ShopDesk-prod-edge');
    expect([edge!.account, edge!.region]).toEqual(['123456789012', 'us-east-1']);
    const stagingStacks = staging.app.node.children.filter((c): c is Stack => c instanceof Stack).map((s) => s.stackName);
    expect(stagingStacks.sort()).toEqual(['ShopDesk-staging', 'ShopDesk-staging-edge']);
  });

  it('protects prod from deletion and keeps its data; other stages can be deleted with their table', () => {
    for (const s of prod.app.node.children.filter((c): c is Stack => c instanceof Stack)) expect(s.terminationProtection).toBe(true);
    for (const s of staging.app.node.children.filter((c): c is Stack => c instanceof Stack)) expect(s.terminationProtection).toBe(false);
    const [, table] = resources(prod.template, 'AWS::DynamoDB::Table')[0]!;
    expect([table.DeletionPolicy, table.UpdateReplacePolicy, table.Properties.DeletionProtectionEnabled]).toEqual(['Retain', 'Retain', true]);
    for (const type of ['AWS::KMS::Key', 'AWS::S3::Bucket']) {
      for (const [id, r] of resources(prod.template, type)) expect([id, r.DeletionPolicy], `${id} is kept`).toEqual([id, 'Retain']);
    }
    const [, stagingTable] = resources(staging.template, 'AWS::DynamoDB::Table')[0]!;
    expect([stagingTable.DeletionPolicy, stagingTable.Properties.DeletionProtectionEnabled]).toEqual(['Delete', false]);
  });

  it('hard-codes no partition and no region: ARNs and names come from the stage’s region, us-east-1 only for the WAF', () => {
    // CDK writes the partition of a known region as a literal (enablePartitionLiterals): lib/ and bin/ never do.
    for (const file of ['bin/shopdesk.ts', ...readdirSync(join(ROOT, 'lib')).map((f) => `lib/${f}`)]) {
      const code = readFileSync(join(ROOT, file), 'utf8').split('\n').filter((line) => !/^\s*(\/\/|\/?\*)/.test(line)).join('\n');
      const literals = code.match(/arn:aws[:-]|'(?:us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d'/g) ?? [];
      expect(literals, file).toEqual(file === 'bin/shopdesk.ts' ? ["'us-east-1'"] : []);
    }
    for (const { template, region } of [{ template: prod.template, region: 'eu-west-1' }, { template: prodTopic.template, region: 'ap-southeast-2' }]) {
      const all = strings(template.toJSON()).filter((s) => s !== TOPIC);
      const regions = all.flatMap((s) => s.match(/\b(?:us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d\b/g) ?? []);
      expect(new Set(regions)).toEqual(new Set([region, 'us-east-1']));
      const edgeReads = strings(template.findResources('AWS::CloudFront::Distribution')).filter((s) => s === 'us-east-1');
      expect(edgeReads).toHaveLength(regions.filter((r) => r === 'us-east-1').length);
    }
  });

  it('sets every feature flag CDK recommends, to its recommended value', () => {
    const recommended = JSON.parse(readFileSync(join(ROOT, 'node_modules/aws-cdk-lib/recommended-feature-flags.json'), 'utf8')) as Record<string, unknown>;
    for (const [flag, value] of Object.entries(recommended)) expect(CDK_JSON.context[flag], flag).toEqual(value);
  });

  it('refuses a stage without a name, an account or a region, with a message that says what to pass', () => {
    expect(refusal({ ...BASE, stage: undefined })).toMatch(/-c stage=prod/);
    expect(refusal({ ...BASE, stage: 'Prod Stage' })).toMatch(/-c stage=prod/);
    const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
    try {
      delete process.env.CDK_DEFAULT_ACCOUNT;
      delete process.env.CDK_DEFAULT_REGION;
      expect(refusal({ ...BASE, stage: 'staging', account: undefined })).toMatch(/explicit account and region.*-c account=123456789012 -c region=eu-west-1/s);
      expect(refusal({ ...BASE, stage: 'staging', region: undefined })).toMatch(/CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION/);
      // The CLI's environment, when it has credentials, is enough.
      process.env.CDK_DEFAULT_ACCOUNT = '210987654321';
      process.env.CDK_DEFAULT_REGION = 'eu-central-1';
      expect(() => refusal({ ...BASE, stage: 'staging', account: undefined, region: undefined })).toThrow('the app was created');
    } finally {
      for (const [name, value] of [['CDK_DEFAULT_ACCOUNT', saved.account], ['CDK_DEFAULT_REGION', saved.region]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('takes a stage’s values from its block in cdk.json’s "stages"', () => {
    expect(() => refusal({ ...BASE, stage: 'prod', stages: { prod: { alarmEmail: 'ops@shop.example' } } })).toThrow('the app was created');
    expect(refusal({ ...BASE, stage: 'prod', stages: { staging: { alarmEmail: 'ops@shop.example' } } })).toMatch(/needs someone to receive its alarms/);
  });
});

describe('the checks every configuration passes (SPEC N4)', () => {
  it('passes cdk-nag’s AwsSolutions pack with every acknowledgement justified in code', () => {
    expect(prod.error).toBeUndefined();
    expect(prodTopic.error).toBeUndefined();
    expect(staging.error).toBeUndefined();
  });

  it('uses only real IAM actions, in every policy of both stacks (TransactWriteItems is not one)', () => {
    const known = JSON.parse(readFileSync(join(import.meta.dirname, 'iam-actions.json'), 'utf8')) as Record<string, string[] | string>;
    for (const s of [prod, prodTopic, staging]) {
      const actions = new Set([s.template, s.edge].flatMap((t) => allStatements(t.toJSON())).flatMap((st) => [st.Action ?? (st as { NotAction?: string }).NotAction].flat() as string[]));
      expect(actions.size).toBeGreaterThan(20);
      for (const action of actions) {
        const [service, name] = action.toLowerCase().split(':') as [string, string];
        const list = known[service];
        expect(Array.isArray(list), `${action}: a service the list knows`).toBe(true);
        const pattern = new RegExp(`^${name.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
        expect((list as string[]).some((a) => pattern.test(a)), `${action} is an action of ${service}`).toBe(true);
      }
    }
  });

  it('grants no wildcard action, and a wildcard resource only where AWS requires it', () => {
    for (const s of identityStatements(prod.template)) {
      const actions = [s.Action].flat();
      for (const a of actions) expect(a).not.toMatch(/^\*$|:\*$/);
      if (s.Resource === '*') expect(actions).toEqual(['dynamodb:ListStreams']);
    }
  });

  it('lets each function write only to its own log group: no AWSLambdaBasicExecutionRole, no account-wide logs:*', () => {
    const roles = resources(prod.template, 'AWS::IAM::Role');
    for (const [id, role] of roles) if (!id.startsWith(PAGES_DEPLOYMENT)) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    const logStatements = identityStatements(prod.template).filter((s) => [s.Action].flat().some((a) => a.startsWith('logs:')));
    expect(logStatements).toHaveLength(5);
    const logGroups = functionsOf(prod.template).map(([, f]) => ((f.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref));
    for (const s of logStatements) {
      expect([s.Action].flat().sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      const named = logGroups.filter((g) => JSON.stringify(s.Resource).includes(`"${g}"`));
      expect(named, JSON.stringify(s.Resource)).toHaveLength(1);
      expect(JSON.stringify(s.Resource)).not.toMatch(/log-group:\*|log-group:"\]/);
    }
    for (const [, group] of resources(prod.template, 'AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('grants the thread-list indexes only to the functions that query them (not mail-send, not mail-events)', () => {
    const roleOf = (name: string) => functionsOf(prod.template).find(([id]) => id.includes(name))![1].Properties.Role as { 'Fn::GetAtt': [string] };
    for (const [name, expected] of [['MailSend', false], ['MailEvents', false], ['PublicApi', true], ['AgentApi', true], ['MailPoll', true]] as const) {
      const role = roleOf(name)['Fn::GetAtt'][0];
      const policy = resources(prod.template, 'AWS::IAM::Policy').find(([, p]) => JSON.stringify(p.Properties.Roles).includes(role))![1];
      expect(JSON.stringify(policy.Properties.PolicyDocument).includes('/index/*'), name).toBe(expected);
    }
  });

  it('limits the SES and CloudWatch uses of the topic keys to this account’s configuration set and alarms', () => {
    const keyStatements = resources(prod.template, 'AWS::KMS::Key').flatMap(([, k]) => (k.Properties.KeyPolicy as { Statement: Statement[] }).Statement);
    for (const service of ['ses.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      const s = keyStatements.find((st) => JSON.stringify(st.Principal) === JSON.stringify({ Service: service }));
      expect(s, service).toBeDefined();
      expect(s!.Condition!.StringEquals!['aws:SourceAccount']).toBe('123456789012');
      expect(JSON.stringify(s!.Condition!.ArnLike!['aws:SourceArn'])).toMatch(service.startsWith('ses') ? /configuration-set\// : /:alarm:\*/);
    }
  });

  it('refuses CORS for every origin: corsOrigins must name the shop’s', () => {
    expect(refusal({ ...BASE, stage: 'staging', corsOrigins: '' })).toMatch(/Set corsOrigins/);
    expect(refusal({ ...BASE, stage: 'staging', corsOrigins: '*' })).toMatch(/never every origin/);
    expect(refusal({ ...BASE, stage: 'staging', corsOrigins: 'shop.example' })).toMatch(/is not an origin/);
    for (const s of [prod, staging]) {
      s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://shop.example'] }) });
      expect(JSON.stringify(s.template.toJSON())).not.toMatch(/"AllowedOrigins":\["\*"\]|"AllowOrigins":\["\*"\]/);
    }
    const files = resources(prod.template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('DataFiles'))![1];
    const origins = (files.Properties.CorsConfiguration as { CorsRules: { AllowedOrigins: unknown[] }[] }).CorsRules.flatMap((r) => r.AllowedOrigins);
    expect(origins[0]).toBe('https://shop.example');
    expect(JSON.stringify(origins[1])).toMatch(/WebDistribution.*DomainName/);
  });

  it('keeps server access logs without ACLs: bucket owner enforced, delivery allowed by a policy limited to this account', () => {
    const [id, logs] = resources(prod.template, 'AWS::S3::Bucket').find(([i]) => i.startsWith('DataAccessLogs'))!;
    expect(logs.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(logs.Properties.AccessControl).toBeUndefined();
    const policy = resources(prod.template, 'AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(id))![1];
    const delivery = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.find((s) => JSON.stringify(s.Principal).includes('logging.s3.amazonaws.com'))!;
    expect(delivery.Condition!.StringEquals!['aws:SourceAccount']).toBe('123456789012');
  });
});

describe('the desk’s resources (SPEC §1, N4)', () => {
  it('has one table: on demand, PITR, TTL, stream, customer-managed key, every index', () => {
    prod.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    prod.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      GlobalSecondaryIndexes: Match.arrayWith(INDEXES.map((i) => Match.objectLike({ IndexName: i.name }))),
    });
  });

  it('keeps files in a private, encrypted, versioned bucket where pending uploads expire after a day', () => {
    prod.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.anyValue(),
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'pending/', ExpirationInDays: 1, Status: 'Enabled' })]) },
    });
    prod.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('runs five functions on Node.js 24, arm64', () => {
    const fns = functionsOf(prod.template);
    expect(fns).toHaveLength(5);
    for (const [, f] of fns) {
      expect(f.Properties.Runtime).toBe('nodejs24.x');
      expect(f.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('routes public paths and agent paths to their functions, throttles the public ones, logs access as JSON', () => {
    const routes = resources(prod.template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    expect(routes).toEqual(expect.arrayContaining(['POST /v1/public/{proxy+}', 'GET /v1/public/{proxy+}', 'GET /v1/health', 'GET /v1/{proxy+}', 'PATCH /v1/{proxy+}']));
    prod.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      RouteSettings: { 'POST /v1/public/{proxy+}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 } },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
    });
  });

  it('polls every minute with one poller at most, drops a tick rather than retry it, and sends from the stream filtered to new outbox items', () => {
    prod.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)', Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 120 } })] });
    prod.template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1, Timeout: 300 });
    const poller = functionsOf(prod.template).find(([id]) => id.includes('MailPoll'))![0];
    prod.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: poller }, MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 120 });
    prod.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['outbox'] } } } }) }] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 8,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('drops no SES event: mail-events has a dead-letter queue on its subscription and an on-failure destination', () => {
    const events = functionsOf(prod.template).find(([id]) => id.includes('MailEvents'))![0];
    const queue = resources(prod.template, 'AWS::SQS::Queue').find(([id]) => id.includes('FailedEvents'))![0];
    prod.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: events },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    prod.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queue, 'Arn'] } } });
  });
});

describe('SES: a verified domain with DKIM (SPEC N6)', () => {
  it('verifies the sender’s domain with Easy DKIM, a custom MAIL FROM and the configuration set as its default', () => {
    prod.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'shop.example',
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: 'bounce.shop.example', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.stringLikeRegexp('ConfigurationSet') } },
    });
    prod.template.hasResourceProperties('AWS::SES::ConfigurationSet', { ReputationOptions: { ReputationMetricsEnabled: true } });
    prodTopic.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'shop.example' });
    expect(refusal({ ...BASE, stage: 'staging', senderDomain: 'other.example' })).toMatch(/not in senderDomain other.example/);
  });

  it('prints the DNS records to add: three DKIM CNAMEs, the MAIL FROM MX and SPF, DMARC', () => {
    for (const id of ['DnsDkim1', 'DnsDkim2', 'DnsDkim3']) prod.template.hasOutput(id, { Value: { 'Fn::Join': ['', Match.arrayWith([' CNAME '])] } });
    prod.template.hasOutput('DnsMailFromMx', { Value: 'bounce.shop.example MX 10 feedback-smtp.eu-west-1.amazonses.com' });
    prod.template.hasOutput('DnsMailFromSpf', { Value: 'bounce.shop.example TXT "v=spf1 include:amazonses.com ~all"' });
    prod.template.hasOutput('DnsDmarc', { Value: '_dmarc.shop.example TXT "v=DMARC1; p=none;"' });
  });

  it('lets only mail-send send, only from the domain identity and through the configuration set', () => {
    const ses = identityStatements(prod.template).filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect([ses[0]!.Action].flat().sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    expect(JSON.stringify(ses[0]!.Resource)).toMatch(/:configuration-set\/",\{"Ref":"MailConfigurationSet\w+"\}.*:identity\/",\{"Ref":"MailDomain\w+"\}/);
  });
});

describe('the web pages behind CloudFront and the WAF (SPEC §6a, C6)', () => {
  it('serves the pages from a private bucket through origin access control, and /v1/* from the API, uncached', () => {
    const [, dist] = resources(prod.template, 'AWS::CloudFront::Distribution')[0]!;
    const config = dist.Properties.DistributionConfig as {
      Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown; OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }[];
      DefaultCacheBehavior: { TargetOriginId: string; ViewerProtocolPolicy: string };
      CacheBehaviors: { PathPattern: string; TargetOriginId: string; AllowedMethods: string[]; CachePolicyId: string; FunctionAssociations: unknown[] }[];
      WebACLId: unknown;
    };
    const pagesOrigin = config.Origins.find((o) => o.Id === config.DefaultCacheBehavior.TargetOriginId)!;
    expect(pagesOrigin.OriginAccessControlId).toBeDefined();
    expect(JSON.stringify(pagesOrigin.DomainName)).toMatch(/WebPages/);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    const [api] = config.CacheBehaviors;
    expect(config.CacheBehaviors).toHaveLength(1);
    expect(api!.PathPattern).toBe('/v1/*');
    expect(api!.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']));
    expect(api!.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(api!.FunctionAssociations).toHaveLength(1);
    const apiOrigin = config.Origins.find((o) => o.Id === api!.TargetOriginId)!;
    expect(JSON.stringify(apiOrigin.DomainName)).toMatch(/ApiHttpApi.*\.execute-api\.eu-west-1\./);
    expect(apiOrigin.OriginCustomHeaders!.map((h) => h.HeaderName)).toEqual([ORIGIN_SECRET_HEADER]);
    prod.template.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicPolicy: true }), OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
    const viewerIp = resources(prod.template, 'AWS::CloudFront::Function')[0]![1];
    expect(viewerIp.Properties.FunctionCode).toContain(`'${VIEWER_IP_HEADER}'] = { value: event.viewer.ip }`);
    const [, deployment] = resources(prod.template, 'Custom::CDKBucketDeployment')[0]!;
    expect(JSON.stringify(deployment.Properties.DestinationBucketName)).toMatch(/WebPages/);
    expect(deployment.Properties).toMatchObject({ Prune: true, DistributionPaths: ['/*'] });
  });

  it('closes the API’s own endpoint: only requests with CloudFront’s secret header reach the handlers', () => {
    const header = JSON.stringify(
      (resources(prod.template, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig as { Origins: { OriginCustomHeaders?: { HeaderValue: unknown }[] }[] }).Origins.find((o) => o.OriginCustomHeaders)!.OriginCustomHeaders![0]!.HeaderValue,
    );
    expect(header).toMatch(/resolve:secretsmanager:.*WebOriginSecret/);
    for (const [id, f] of functionsOf(prod.template).filter(([i]) => /PublicApi|AgentApi/.test(i))) {
      expect(JSON.stringify((f.Properties.Environment as { Variables: Record<string, unknown> }).Variables.ORIGIN_SECRET), id).toBe(header);
    }
  });

  it('puts the distribution behind the WAF of the stage’s us-east-1 stack, and links mails to the distribution', () => {
    prod.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'ShopDesk-prod-edge', Region: 'us-east-1' }) } }),
    });
    prod.template.hasOutput('WebUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('WebDistribution'), 'DomainName'] }]] } });
    for (const [id, f] of functionsOf(prod.template)) {
      expect(JSON.stringify((f.Properties.Environment as { Variables: Record<string, unknown> }).Variables.PUBLIC_URL), id).toMatch(/"https:\/\/",\{"Fn::GetAtt":\["WebDistribution\w+","DomainName"\]\}/);
    }
    for (const [id, f] of functionsOf(prodTopic.template)) expect((f.Properties.Environment as { Variables: Record<string, unknown> }).Variables.PUBLIC_URL, id).toBe('https://desk.shop.example');
  });

  it('passes the limits an operator tunes in the context to every handler, and refuses a bad one before synthesis', () => {
    const variables = (f: Resource) => (f.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    for (const [id, f] of functionsOf(prodTopic.template)) {
      expect(variables(f), id).toMatchObject({ ANSWERS_PER_THREAD: '3', MAIL_MAX_BYTES: '20000000', MAILBOX_ALLOW: 'private' });
    }
    for (const [id, f] of functionsOf(prod.template)) expect(Object.keys(variables(f)), id).not.toContain('ANSWERS_PER_THREAD');
    expect(refusal({ ...BASE, stage: 'staging', answersPerThread: 'ten' })).toMatch(/answersPerThread must be a positive whole number/);
    expect(refusal({ ...BASE, stage: 'staging', submitsPerIp: '0' })).toMatch(/submitsPerIp must be a positive whole number/);
    expect(refusal({ ...BASE, stage: 'staging', mailboxAllow: 'loopback,everything' })).toMatch(/mailboxAllow: everything is not one of loopback, private, link-local/);
  });

  it('limits each IP on the public routes and overall, stops token-less agent calls, and runs AWS’s managed rules', () => {
    prod.edge.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const [, acl] = resources(prod.edge, 'AWS::WAFv2::WebACL')[0]!;
    const rules = acl.Properties.Rules as { Name: string; Action?: { Block?: { CustomResponse: { ResponseCode: number } } }; Statement: Record<string, Record<string, unknown>> }[];
    const byName = Object.fromEntries(rules.map((r) => [r.Name, r]));
    const publicRate = byName.PublicRoutesPerIp!.Statement.RateBasedStatement!;
    expect(publicRate).toMatchObject({ AggregateKeyType: 'IP', Limit: RATE_LIMITS.publicPerIp, EvaluationWindowSec: 300 });
    for (const p of ['/v1/public/', '/v1/auth/sign-in-link']) expect(JSON.stringify(publicRate.ScopeDownStatement)).toContain(`"SearchString":"${p}"`);
    expect(byName.AllRequestsPerIp!.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', Limit: RATE_LIMITS.allPerIp });
    expect(byName.PublicRoutesPerIp!.Action!.Block!.CustomResponse.ResponseCode).toBe(429);
    expect(byName.AgentRoutesNeedToken!.Action!.Block!.CustomResponse.ResponseCode).toBe(401);
    const managed = rules.filter((r) => r.Statement.ManagedRuleGroupStatement).map((r) => r.Statement.ManagedRuleGroupStatement!.Name);
    expect(managed.sort()).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
    const counted = (byName.AWSManagedRulesCommonRuleSet!.Statement.ManagedRuleGroupStatement!.RuleActionOverrides as { Name: string; ActionToUse: unknown }[]).map((o) => [o.Name, o.ActionToUse]);
    expect(counted).toEqual(COUNTED_BODY_RULES.map((r) => [r, { Count: {} }]));
    const bodies = acl.Properties.CustomResponseBodies as Record<string, { Content: string }>;
    expect(JSON.parse(bodies.RateLimited!.Content)).toMatchObject({ type: 'https://shopdesk.dev/problems/rate-limited', status: 429 });
    prod.edge.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LogDestinationConfigs: ['arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-shopdesk-prod'],
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { QueryString: {} }],
    });
  });

  it('lets every public route of the API through without a token (the WAF’s list matches the routes)', async () => {
    const { publicRoutes } = await import('../../functions/http/routes/public');
    const { getHealth, getMe } = await import('../../functions/http/routes/system');
    const { getOpenApi } = await import('../../functions/http/routes/openapi');
    const { agentRoutes } = await import('../../functions/http/routes/agent');
    const { adminRoutes } = await import('../../functions/http/routes/admin');
    const { authRoutes } = await import('../../functions/http/routes/auth');
    const all = [...publicRoutes, getHealth, getMe, getOpenApi, ...agentRoutes, ...adminRoutes, ...authRoutes];
    expect(all.filter((r) => r.role === 'public').length).toBeGreaterThanOrEqual(9);
    const open = (path: string) => PUBLIC_PATHS.prefixes.some((p) => path.startsWith(p)) || PUBLIC_PATHS.exact.includes(path);
    for (const r of all) expect(open(r.path), `${r.method} ${r.path} (${r.role})`).toBe(r.role === 'public');
  });
});

describe('alarms that reach someone (SPEC N6)', () => {
  it('refuses prod without alarmEmail or alarmTopicArn', () => {
    expect(refusal({ ...BASE, stage: 'prod' })).toMatch(/Stage prod needs someone to receive its alarms: set alarmEmail .* or alarmTopicArn/);
    expect(refusal({ ...BASE, stage: 'prod', alarmTopicArn: 'ops-pager' })).toMatch(/not an SNS topic ARN/);
  });

  it('sends every alarm to the topic the operator’s e-mail is subscribed to', () => {
    prod.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@shop.example' });
    const alarms = alarmsOf(prod.template);
    expect(alarms.length).toBeGreaterThanOrEqual(20);
    for (const a of alarms) expect(a.AlarmActions, a.id).toHaveLength(1);
  });

  it('sends every alarm to the operator’s own topic when given one', () => {
    expect(prodTopic.template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } })).toEqual({});
    for (const a of alarmsOf(prodTopic.template)) expect(a.AlarmActions, a.id).toContain(TOPIC);
  });

  it('warns a stage without either that nobody is notified', () => {
    expect(staging.template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } })).toEqual({});
    const stack = staging.app.node.findChild('ShopDesk-staging') as Stack;
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('nobody is subscribed'));
  });

  it('watches the outbox stream’s age, throttles, the API’s 5xx, latency and 429s, SES rates, the DLQs and mail failures', () => {
    const ids = alarmsOf(prod.template).map((a) => a.id.replace(/^Alarms/, '').replace(/[0-9A-F]{8}$/, ''));
    expect(ids.sort()).toEqual(
      [
        'Api5xx', 'ApiLatency', 'Api429', 'TableThrottles', 'OutboxIteratorAge', 'FailedSends', 'FailedEvents', 'MailFailures', 'MailsNotSent',
        'SesBounceRate', 'SesComplaintRate', 'PollerStalled',
        ...['PublicApi', 'AgentApi', 'MailPoll', 'MailSend', 'MailEvents'].map((f) => `${f}Errors`),
        ...['PublicApi', 'AgentApi', 'MailSend', 'MailEvents'].map((f) => `${f}Throttles`),
      ].sort(),
    );
    prod.template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Statistic: 'Maximum', Threshold: 600_000 });
    prod.template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: SES_RATE_ALARMS.bounceRate });
    prod.template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: SES_RATE_ALARMS.complaintRate });
    prod.template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'ShopDesk/prod', MetricName: LOG_METRICS.mailFailures, Threshold: 1 });
    prod.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ ($.message = "poll") && ($.failures > 0) }',
      MetricTransformations: [{ MetricNamespace: 'ShopDesk/prod', MetricName: LOG_METRICS.mailFailures, MetricValue: '$.failures' }],
    });
    prod.template.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: '{ $.status = "429" }', MetricTransformations: [Match.objectLike({ MetricName: LOG_METRICS.api429 })] });
  });

  it('tells the operator how to create the first admin, in the stack’s own region', () => {
    prod.template.hasOutput('CreateFirstAdmin', { Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('--region eu-west-1 ')])] }) });
    prod.template.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });
});

