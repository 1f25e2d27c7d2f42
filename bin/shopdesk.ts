// The CDK app: reads the context of one stage, creates its two stacks, runs cdk-nag's AwsSolutions checks.
import { App, Validations, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ALLOWABLE_RANGES } from '../functions/config';
import { EdgeStack } from '../lib/edge-stack';
import { ShopdeskStack, type ShopdeskSettings } from '../lib/shopdesk-stack';

/** Stages that keep their data, refuse to be deleted, and must tell someone when an alarm fires. */
export const PRODUCTION_STAGES = ['prod', 'production'];

/** A context value of the stage: from `stages.<stage>.<name>` in cdk.json, else `<name>` (cdk.json or `-c name=value`). */
function contextOf(app: App): (name: string) => string {
  const stage = String(app.node.tryGetContext('stage') ?? '').trim();
  const perStage = (app.node.tryGetContext('stages') ?? {}) as Record<string, Record<string, unknown> | undefined>;
  return (name) => String((name === 'stage' ? stage : (perStage[stage]?.[name] ?? app.node.tryGetContext(name))) ?? '').trim();
}

/** Context values an operator may set to tune the handlers, and the environment variable each becomes (README: configuration). */
export const HANDLER_TUNABLES = {
  submitsPerEmail: 'SUBMITS_PER_EMAIL',
  submitsPerIp: 'SUBMITS_PER_IP',
  signInsPerEmail: 'SIGNINS_PER_EMAIL',
  signInsPerIp: 'SIGNINS_PER_IP',
  answersPerThread: 'ANSWERS_PER_THREAD',
  mailMaxBytes: 'MAIL_MAX_BYTES',
  mailboxAllow: 'MAILBOX_ALLOW',
} as const;

/** The tunables that are set, checked here so that a typo stops `cdk synth` instead of every cold start. */
function handlerTuning(text: (name: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, variable] of Object.entries(HANDLER_TUNABLES)) {
    const value = text(name);
    if (!value) continue;
    if (name === 'mailboxAllow') {
      const unknown = value.split(',').map((r) => r.trim()).filter((r) => !(ALLOWABLE_RANGES as readonly string[]).includes(r));
      if (unknown.length > 0) throw new Error(`mailboxAllow: ${unknown.join(', ')} is not one of ${ALLOWABLE_RANGES.join(', ')}.`);
    } else if (!/^[1-9]\d{0,9}$/.test(value)) {
      throw new Error(`${name} must be a positive whole number (got "${value}").`);
    }
    out[variable] = value;
  }
  return out;
}

export function settingsFrom(app: App): ShopdeskSettings {
  const text = contextOf(app);
  const stage = text('stage');
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error('Name the stage: -c stage=prod (or staging, dev, …; lower-case letters, digits and dashes, up to 20). It names the stacks, ShopDesk-<stage>.');
  }
  const production = PRODUCTION_STAGES.includes(stage);
  const senderAddress = text('senderAddress');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(senderAddress)) throw new Error('Set the context value senderAddress (in cdk.json or with -c senderAddress=desk@your-shop.example).');
  const addressDomain = senderAddress.split('@')[1]!.toLowerCase();
  const senderDomain = (text('senderDomain') || addressDomain).toLowerCase();
  if (addressDomain !== senderDomain && !addressDomain.endsWith(`.${senderDomain}`)) {
    throw new Error(`senderAddress ${senderAddress} is not in senderDomain ${senderDomain}: SES sends only from the domain it verified.`);
  }
  const corsOrigins = text('corsOrigins').split(',').map((o) => o.trim()).filter(Boolean);
  if (corsOrigins.length === 0 || corsOrigins.includes('*')) {
    throw new Error('Set corsOrigins to the shop’s origins, comma-separated (-c corsOrigins=https://shop.example): the API and the uploads answer only those, never every origin.');
  }
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new Error(`corsOrigins: ${origin} is not an origin (scheme and host, no path), e.g. https://shop.example.`);
  }
  const alarmEmail = text('alarmEmail') || undefined;
  const alarmTopicArn = text('alarmTopicArn') || undefined;
  if (alarmTopicArn && !/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/.test(alarmTopicArn)) throw new Error(`alarmTopicArn ${alarmTopicArn} is not an SNS topic ARN.`);
  if (production && !alarmEmail && !alarmTopicArn) {
    throw new Error(`Stage ${stage} needs someone to receive its alarms: set alarmEmail (-c alarmEmail=ops@your-shop.example) or alarmTopicArn (an SNS topic of yours).`);
  }
  return {
    stage,
    production,
    senderAddress,
    senderDomain,
    mailFromDomain: (text('mailFromDomain') || `bounce.${senderDomain}`).toLowerCase(),
    mailboxAddress: text('mailboxAddress') || undefined,
    corsOrigins,
    alarmEmail,
    alarmTopicArn,
    publicUrl: text('publicUrl') || undefined,
    handlerEnvironment: handlerTuning(text),
  };
}

/**
 * The account and region to deploy to: the context values account and region, else those of the CLI's credentials
 * (CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION). Never left open: a stack without them would bake guesses into its
 * template. `cdk synth` without credentials works with `-c account=… -c region=…`.
 */
export function environmentFrom(app: App): Required<Pick<Environment, 'account' | 'region'>> {
  const text = contextOf(app);
  const account = text('account') || process.env.CDK_DEFAULT_ACCOUNT || '';
  const region = text('region') || process.env.CDK_DEFAULT_REGION || '';
  if (!/^\d{12}$/.test(account) || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new Error(
      `ShopDesk needs an explicit account and region (got account "${account}", region "${region}"): run with AWS credentials and a region ` +
        '(the CLI then sets CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION), or pass -c account=123456789012 -c region=eu-west-1.',
    );
  }
  return { account, region };
}

export function createApp(app = new App()): { app: App; stack: ShopdeskStack; edge: EdgeStack } {
  const settings = settingsFrom(app);
  const env = environmentFrom(app);
  const name = `ShopDesk-${settings.stage}`;
  const common = { terminationProtection: settings.production, crossRegionReferences: true, tags: { 'shopdesk:stage': settings.stage } };
  const edge = new EdgeStack(app, `${name}-edge`, settings.stage, {
    ...common,
    env: { account: env.account, region: 'us-east-1' },
    description: `ShopDesk ${settings.stage}: the WAF of the desk's CloudFront distribution (CloudFront's WAF lives in us-east-1)`,
  });
  const stack = new ShopdeskStack(app, name, {
    ...common,
    env,
    settings,
    webAclArn: edge.webAclArn,
    description: `ShopDesk ${settings.stage}: a customer-service desk for online shops`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, edge };
}

if (import.meta.url === `file://${process.argv[1]}`) createApp().app.synth();
