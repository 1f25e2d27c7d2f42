// Synthesizes the app as `cdk synth` does (cdk.json's context, then the given values), once per configuration.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../bin/shopdesk';
import { ROOT } from '../../lib/lambda';

export const CDK_JSON = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };

/** The context a reader of the README passes: a stage, an account and a region, offline. */
export const BASE = { account: '123456789012', region: 'eu-west-1', senderAddress: 'desk@shop.example', corsOrigins: 'https://shop.example' };

export interface Synthesized {
  app: App;
  template: Template;
  edge: Template;
  /** Anything that stops `cdk synth` (a cdk-nag finding without an acknowledgement, a bad context value). */
  error?: Error;
}

/** Bundling is skipped (test/stack/bundles.test.ts bundles for real), as are the processes' CDK_DEFAULT_* values. */
export function synthesize(context: Record<string, unknown>, options: { bundling?: boolean; outdir?: string } = {}): Synthesized {
  const app = new App({
    outdir: options.outdir,
    context: { ...CDK_JSON.context, ...(options.bundling ? {} : { 'aws:cdk:bundling-stacks': [] }), ...context },
  });
  const { stack, edge } = createApp(app);
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  return { app, template: Template.fromStack(stack), edge: Template.fromStack(edge), error };
}

/** The error `createApp` throws for this context, before anything is synthesized. */
export function refusal(context: Record<string, unknown>): string {
  try {
    createApp(new App({ context: { ...CDK_JSON.context, 'aws:cdk:bundling-stacks': [], ...context } }));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the app was created');
}
