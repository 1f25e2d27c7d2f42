// The CDK app: reads the context, creates the stack, runs cdk-nag's AwsSolutions checks.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ShopdeskStack, type ShopdeskSettings } from '../lib/shopdesk-stack';

export function settingsFrom(app: App): ShopdeskSettings {
  const text = (name: string) => String(app.node.tryGetContext(name) ?? '').trim();
  const senderAddress = text('senderAddress');
  if (!senderAddress.includes('@')) throw new Error('Set the context value senderAddress (in cdk.json or with -c senderAddress=desk@your-shop.example).');
  return {
    senderAddress,
    senderDomain: text('senderDomain') || undefined,
    mailboxAddress: text('mailboxAddress') || undefined,
    corsOrigins: text('corsOrigins').split(',').map((o) => o.trim()).filter(Boolean),
    alarmEmail: text('alarmEmail') || undefined,
    publicUrl: text('publicUrl') || undefined,
  };
}

export function createApp(app = new App()): { app: App; stack: ShopdeskStack } {
  const stack = new ShopdeskStack(app, 'ShopDesk', settingsFrom(app), {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: 'ShopDesk: a customer-service desk for online shops',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) createApp().app.synth();
