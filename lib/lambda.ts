// One way to build every ShopDesk function: Node.js 22 on arm64, bundled by the local esbuild (no Docker).
import { Duration, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** An ESM bundle that contains the AWS SDK needs `require` for the SDK's CommonJS dependencies. */
export const ESM_REQUIRE_BANNER = "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);";

export const HANDLERS = ['public-api', 'agent-api', 'mail-poll', 'mail-send', 'mail-events'] as const;

/** The esbuild options NodejsFunction uses below, for the tests and benchmarks that bundle the same way. */
export function esbuildOptionsFor(handler: (typeof HANDLERS)[number], outfile: string) {
  return {
    entryPoints: [join(ROOT, 'functions', 'handlers', `${handler}.ts`)],
    outfile,
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node22',
    minify: true,
    sourcemap: true,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: 'silent' as const,
  };
}

export interface ShopdeskFunctionProps {
  handler: (typeof HANDLERS)[number];
  memoryMb: number;
  timeout: Duration;
  environment: Record<string, string>;
  description: string;
  reservedConcurrency?: number;
}

export function shopdeskFunction(scope: Construct, id: string, props: ShopdeskFunctionProps): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.THREE_MONTHS });
  const fn = new NodejsFunction(scope, id, {
    entry: join(ROOT, 'functions', 'handlers', `${props.handler}.ts`),
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memoryMb,
    timeout: props.timeout,
    description: props.description,
    reservedConcurrentExecutions: props.reservedConcurrency,
    logGroup,
    projectRoot: ROOT,
    depsLockFilePath: join(ROOT, 'package-lock.json'),
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node22',
      minify: true,
      sourceMap: true,
      mainFields: ['module', 'main'],
      banner: ESM_REQUIRE_BANNER,
      forceDockerBundling: false,
    },
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The basic execution role only lets the function write its own logs.',
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'Node.js 22 is the runtime the desk is built and tested for; a newer one is adopted deliberately, not implicitly.',
  });
  return fn;
}
