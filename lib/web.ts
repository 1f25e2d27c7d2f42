// The desk's one public address: CloudFront (with the us-east-1 WAF) serving the pages from a private bucket and /v1/* from the API.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_SECRET_HEADER, VIEWER_IP_HEADER } from '../functions/http/edge';
import { ROOT } from './lambda';

export interface WebProps {
  /** The HTTP API's own host name. */
  apiDomainName: string;
  /** The WebACL (scope CLOUDFRONT, from the stage's us-east-1 stack). */
  webAclArn: string;
  /** Where server access logs of the pages bucket go. */
  accessLogs: s3.IBucket;
  /** Shop origins that embed the contact form (a module script is fetched with CORS). */
  corsOrigins: string[];
  /** Which HTML file serves which paths (the pages read the rest of the path themselves). */
  pages: PageRoute[];
}

export interface PageRoute {
  file: string;
  routes: RegExp[];
}

const WEB_BUILD = join(ROOT, 'web', 'build.ts');

export class Web extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** https://…cloudfront.net, no trailing slash: the pages and, under /v1/, the API. */
  readonly url: string;
  /** The value of the header only CloudFront sends to the API (SPEC N6: the API's own endpoint is no way around the WAF). */
  readonly originSecret: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const pages = new s3.Bucket(this, 'Pages', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'pages/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const secret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: 'ShopDesk: the header value CloudFront adds to the requests it passes to the API',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'CloudFront and the API read this value at deployment; rotating it means a redeployment of both (see README), not a rotation Lambda.',
    });
    this.originSecret = secret.secretValue.unsafeUnwrap();

    const viewerIp = new cloudfront.Function(this, 'ViewerIp', {
      comment: 'ShopDesk: tells the API the viewer’s address',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(VIEWER_IP_FUNCTION),
    });
    const pageRoutes = new cloudfront.Function(this, 'PageRoutes', {
      comment: 'ShopDesk: opens a page’s HTML on its paths',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(pageRoutesFunction(props.pages)),
    });
    const api = new origins.HttpOrigin(props.apiDomainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: { [ORIGIN_SECRET_HEADER]: this.originSecret },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `ShopDesk ${Stack.of(this).stackName}`,
      webAclId: props.webAclArn,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(pages),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: pageHeaders(this, props.corsOrigins),
        functionAssociations: [{ function: pageRoutes, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: api,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // API Gateway answers only to its own Host; everything else of the request goes through.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          functionAssociations: [{ function: viewerIp, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        },
      },
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason: 'Every request is logged by the WAF in front of the distribution (aws-waf-logs-shopdesk-<stage>, in us-east-1); CloudFront’s legacy standard logging would need a log bucket with ACLs.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason: 'The distribution uses its *.cloudfront.net certificate, whose TLS policy CloudFront sets; the origin connection is TLS 1.2 only.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Customers write from any country: no geo restriction.',
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    const deploy = new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [builtPages()],
      destinationBucket: pages,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      // Browsers check again after five minutes: the embed keeps its name (contact-form.js), and one deployment
      // serves every file; CloudFront's copies are invalidated at each deployment.
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=300')],
      memoryLimit: 256,
      logGroup: new logs.LogGroup(this, 'DeployLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
    });
    acknowledgeDeploymentFunction(deploy, pages);
  }
}

/** CDK's own deployment function (one per stack) copies the built pages from the asset bucket at deploy time only. */
function acknowledgeDeploymentFunction(deploy: s3deploy.BucketDeployment, pages: s3.Bucket): void {
  const handler = deploy.handlerRole.node.scope!;
  const why = 'CDK’s BucketDeployment function, which runs only during a deployment to copy the built pages';
  const findings: [string, string][] = [
    ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', `${why}; the managed policy only lets it write its logs.`],
    ['AwsSolutions-IAM5[Action::s3:Abort*]', `${why}: CDK grants read/write on the pages bucket as action families.`],
    ['AwsSolutions-IAM5[Action::s3:DeleteObject*]', `${why}: it prunes files of earlier builds from the pages bucket.`],
    ['AwsSolutions-IAM5[Action::s3:GetBucket*]', `${why}: CDK grants read on the asset bucket as action families.`],
    ['AwsSolutions-IAM5[Action::s3:GetObject*]', `${why}: CDK grants read on the asset bucket as action families.`],
    ['AwsSolutions-IAM5[Action::s3:List*]', `${why}: it lists the pages bucket to prune it.`],
    ['AwsSolutions-IAM5[Resource::*]', `${why}: cloudfront:CreateInvalidation and GetInvalidation take no narrower resource in CDK’s grant.`],
    ['AwsSolutions-L1', `${why}; its runtime is chosen by CDK.`],
  ];
  for (const [id, reason] of findings) Validations.of(handler).acknowledge({ id, reason });
  const pagesId = Stack.of(pages).getLogicalId(pages.node.defaultChild as s3.CfnBucket);
  Validations.of(handler).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${pagesId}.Arn>/*]`, reason: `${why}: every file of the pages bucket.` });
  // CDK's asset bucket, named by the stack's synthesizer: every key of it, as its grant says.
  for (const child of handler.node.findAll()) {
    if (!(child instanceof iam.CfnPolicy)) continue;
    const statements = (Stack.of(child).resolve(child.policyDocument) as { Statement: { Resource?: unknown }[] }).Statement;
    for (const resource of statements.flatMap((st) => [st.Resource ?? []].flat())) {
      const text = typeof resource === 'string' ? resource : JSON.stringify(resource);
      if (text.endsWith('/*')) Validations.of(handler).acknowledge({ id: `AwsSolutions-IAM5[Resource::${nagResource(resource)}]`, reason: `${why}: the objects of one bucket.` });
    }
  }
}

/** How cdk-nag names a resource in its finding ids: `<LogicalId.Arn>/*` for a bucket of the stack, the plain ARN otherwise. */
function nagResource(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return JSON.stringify(resource);
  return join[1].map((part) => (typeof part === 'string' ? part : 'Fn::GetAtt' in (part as object) ? `<${(part as { 'Fn::GetAtt': string[] })['Fn::GetAtt'].join('.')}>` : `<${(part as { Ref: string }).Ref}>`)).join(join[0]);
}

/** Sets the viewer's address for the API, overwriting whatever the client sent under that name. */
export const VIEWER_IP_FUNCTION = `function handler(event) { event.request.headers['${VIEWER_IP_HEADER}'] = { value: event.viewer.ip }; return event.request; }`;

/** A viewer-request function that serves `/t/abc` from `/thread.html` (S3 has no object per thread): the pages' own routes. */
export function pageRoutesFunction(pages: PageRoute[]): string {
  const table = pages.flatMap((p) => p.routes.map((r) => `[${r.toString()}, ${JSON.stringify(`/${p.file}`)}]`)).join(', ');
  return [
    `var ROUTES = [${table}];`,
    'function handler(event) {',
    '  for (var i = 0; i < ROUTES.length; i++) if (ROUTES[i][0].test(event.request.uri)) { event.request.uri = ROUTES[i][1]; break; }',
    '  return event.request;',
    '}',
  ].join('\n');
}

/** Security headers on every page; the embeddable contact form may be loaded (as a module script) by the shop's origins. */
function pageHeaders(scope: Construct, corsOrigins: string[]): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, 'PageHeaders', {
    comment: 'ShopDesk pages',
    securityHeadersBehavior: {
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
    },
    corsBehavior: {
      accessControlAllowOrigins: corsOrigins,
      accessControlAllowMethods: ['GET', 'HEAD'],
      accessControlAllowHeaders: ['*'],
      accessControlAllowCredentials: false,
      originOverride: true,
    },
  });
}

/** web/ built by its own esbuild script on this machine (no Docker), as the functions are; the asset is the output. */
function builtPages(): s3deploy.ISource {
  return s3deploy.Source.asset(join(ROOT, 'web'), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: the local build below always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
      command: ['buildWeb'],
      local: {
        tryBundle(outputDir) {
          // buildWeb is asynchronous and bundling is not: it runs in a child process, with tsx for the TypeScript.
          const script = `const { buildWeb } = await import(${JSON.stringify(pathToFileURL(WEB_BUILD).href)}); await buildWeb(${JSON.stringify(outputDir)});`;
          execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
          return true;
        },
      },
    },
  });
}
