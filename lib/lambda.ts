// One way to build every ShopDesk function: Node.js 24 on arm64, bundled by the local esbuild (no Docker), a role of
// its own that may write only to its own log group.
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** An ESM bundle that contains the AWS SDK needs `require` for the SDK's CommonJS dependencies. */
export const ESM_REQUIRE_BANNER = "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);";

export const HANDLERS = ['public-api', 'agent-api', 'mail-poll', 'mail-send', 'mail-events'] as const;

/**
 * How every function is bundled, by the stack and by the tests and benchmarks alike: ESM, minified, with source
 * maps, split so that code reached only through `await import()` (the mail libraries behind the mailbox test and
 * the on-demand poll) is a chunk of its own that a cold start does not load. The entry is `index.mjs`.
 */
export function esbuildOptionsFor(handler: (typeof HANDLERS)[number], outdir: string) {
  return {
    entryPoints: { index: join(ROOT, 'functions', 'handlers', `${handler}.ts`) },
    outdir,
    bundle: true,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node' as const,
    format: 'esm' as const,
    // Syntax Node 22 understands: Lambda runs the bundles on Node 24, the tests load them in this machine's Node (20+).
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

export function shopdeskFunction(scope: Construct, id: string, props: ShopdeskFunctionProps): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
  // Not AWSLambdaBasicExecutionRole: it lets a function create and write any log group of the account.
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `ShopDesk ${props.handler}` });
  logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');
  const fn = new lambda.Function(scope, id, {
    code: bundledCode(props.handler),
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memoryMb,
    timeout: props.timeout,
    description: props.description,
    reservedConcurrentExecutions: props.reservedConcurrency,
    role,
    logGroup,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
  });
  const logGroupId = Stack.of(scope).getLogicalId(logGroup.node.defaultChild as CfnElement);
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logGroupId}.Arn>]`,
    reason: 'The log group’s ARN ends with :* to name its log streams, which Lambda creates; the grant is on this one log group.',
  });
  return fn;
}

/** Bundled on this machine by esbuild (no Docker); the asset's hash is that of the bundle, as NodejsFunction does. */
function bundledCode(handler: (typeof HANDLERS)[number]): lambda.Code {
  return lambda.Code.fromAsset(ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: the local bundling below always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      // CDK caches a bundle by its source folder and these options, not by the local step: without the entry named
      // here, every function would get the first function's bundle.
      command: ['esbuild', `functions/handlers/${handler}.ts`],
      local: {
        tryBundle(outputDir) {
          buildSync(esbuildOptionsFor(handler, outputDir));
          return true;
        },
      },
    },
  });
}
