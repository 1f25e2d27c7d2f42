// AWS WAF in front of the distribution: per-IP rate limits, token-less agent calls stopped at the edge, AWS managed rules.
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { PROBLEM_BASE } from '../functions/http/problem';

/** Requests per IP per five minutes. The API's own limits (C6: 20 submits per IP per 10 minutes, A12) stay behind these. */
export const RATE_LIMITS = { publicPerIp: 300, allPerIp: 3000, windowSeconds: 300 };

/**
 * Routes any caller may use without a token (test/stack checks the list against the routes' declarations); every
 * other /v1/ route needs "Authorization: Bearer …". They are the doors robots knock on: the per-IP limit is theirs.
 */
export const PUBLIC_PATHS = { prefixes: ['/v1/public/'], exact: ['/v1/health', '/v1/openapi.json', '/v1/auth/sign-in-link', '/v1/auth/sessions'] };

/**
 * Rules of AWSManagedRulesCommonRuleSet that look into the request body, only counted: bodies are customers' and
 * agents' messages, which the desk stores as text and sanitizes when it shows HTML. A message that quotes a path, a
 * script tag or a long mail must not be refused (nothing is lost); the API limits the body size itself (64 KB).
 */
export const COUNTED_BODY_RULES = ['SizeRestrictions_BODY', 'CrossSiteScripting_BODY', 'GenericLFI_BODY', 'GenericRFI_BODY', 'EC2MetaDataSSRF_BODY'];

export interface FirewallProps {
  stage: string;
}

export class Firewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: FirewallProps) {
    super(scope, id);
    const name = `shopdesk-${props.stage}`;
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const problem = (status: number, type: string, title: string, detail: string) => JSON.stringify({ type: PROBLEM_BASE + type, title, status, detail });
    const block = (status: number, body: string) => ({ block: { customResponse: { responseCode: status, customResponseBodyKey: body } } });
    const path = (positionalConstraint: 'STARTS_WITH' | 'EXACTLY', searchString: string): wafv2.CfnWebACL.StatementProperty => ({
      byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint, searchString, textTransformations: [{ priority: 0, type: 'NORMALIZE_PATH' }] },
    });
    const managed = (priority: number, ruleName: string, countedRules: string[] = []): wafv2.CfnWebACL.RuleProperty => ({
      name: ruleName,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: ruleName,
          ruleActionOverrides: countedRules.length > 0 ? countedRules.map((r) => ({ name: r, actionToUse: { count: {} } })) : undefined,
        },
      },
      visibilityConfig: visibility(ruleName),
    });
    const publicPath: wafv2.CfnWebACL.StatementProperty = {
      orStatement: { statements: [...PUBLIC_PATHS.prefixes.map((p) => path('STARTS_WITH', p)), ...PUBLIC_PATHS.exact.map((p) => path('EXACTLY', p))] },
    };

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      customResponseBodies: {
        RateLimited: { contentType: 'APPLICATION_JSON', content: problem(429, 'rate-limited', 'Too Many Requests', 'Too many requests from your address; try again in a few minutes.') },
        Unauthorized: { contentType: 'APPLICATION_JSON', content: problem(401, 'unauthorized', 'Unauthorized', 'This route needs "Authorization: Bearer <token>".') },
      },
      rules: [
        managed(0, 'AWSManagedRulesAmazonIpReputationList'),
        {
          name: 'PublicRoutesPerIp',
          priority: 1,
          action: block(429, 'RateLimited'),
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: RATE_LIMITS.publicPerIp,
              evaluationWindowSec: RATE_LIMITS.windowSeconds,
              scopeDownStatement: publicPath,
            },
          },
          visibilityConfig: visibility('PublicRoutesPerIp'),
        },
        {
          name: 'AllRequestsPerIp',
          priority: 2,
          action: block(429, 'RateLimited'),
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: RATE_LIMITS.allPerIp, evaluationWindowSec: RATE_LIMITS.windowSeconds } },
          visibilityConfig: visibility('AllRequestsPerIp'),
        },
        {
          // A call to an agent route without a bearer token would only cost a Lambda run and a read to be refused.
          name: 'AgentRoutesNeedToken',
          priority: 3,
          action: block(401, 'Unauthorized'),
          statement: {
            andStatement: {
              statements: [
                path('STARTS_WITH', '/v1/'),
                { notStatement: { statement: publicPath } },
                { notStatement: { statement: { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: 'OPTIONS', textTransformations: [{ priority: 0, type: 'NONE' }] } } } },
                {
                  notStatement: {
                    statement: {
                      byteMatchStatement: { fieldToMatch: { singleHeader: { Name: 'authorization' } }, positionalConstraint: 'STARTS_WITH', searchString: 'bearer ', textTransformations: [{ priority: 0, type: 'LOWERCASE' }] },
                    },
                  },
                },
              ],
            },
          },
          visibilityConfig: visibility('AgentRoutesNeedToken'),
        },
        managed(4, 'AWSManagedRulesCommonRuleSet', COUNTED_BODY_RULES),
        managed(5, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });

    // WAF's own request log (the name must start with aws-waf-logs-); the token and the query string are never written.
    const logGroupName = `aws-waf-logs-${name}`;
    new logs.LogGroup(this, 'Logs', { logGroupName, retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { queryString: {} }],
    });
    logging.node.addDependency(this.node.findChild('Logs'));
  }
}
