// The stack of one stage: wires the constructs together, nothing else.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Alarms } from './alarms';
import { Api } from './api';
import { Data } from './data';
import { Mail } from './mail';
import { Web } from './web';
import { PAGES } from '../web/build';

export interface ShopdeskSettings {
  /** prod, staging, …: names the stacks (ShopDesk-<stage>) and the stage's metrics. */
  stage: string;
  /** Termination protection, retained data, and alarms that must reach someone. */
  production: boolean;
  senderAddress: string;
  /** The domain SES verifies with Easy DKIM: the sender address's domain or a parent of it. */
  senderDomain: string;
  mailFromDomain: string;
  mailboxAddress?: string;
  /** Never empty. */
  corsOrigins: string[];
  alarmEmail?: string;
  alarmTopicArn?: string;
  /** Where the links in mails point; the distribution's address by default. */
  publicUrl?: string;
  /** Limits the operator tuned (bin/shopdesk.ts HANDLER_TUNABLES), as the handlers' environment variables. */
  handlerEnvironment?: Record<string, string>;
}

export interface ShopdeskStackProps extends StackProps {
  settings: ShopdeskSettings;
  /** The WebACL of the stage's us-east-1 stack. */
  webAclArn: string;
}

export class ShopdeskStack extends Stack {
  constructor(scope: Construct, id: string, props: ShopdeskStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const data = new Data(this, 'Data', { corsOrigins: settings.corsOrigins, production: settings.production });
    const environment: Record<string, string> = {
      TABLE_NAME: data.table.tableName,
      BUCKET_NAME: data.bucket.bucketName,
      KMS_KEY_ID: data.secretsKey.keyArn,
      SENDER_ADDRESS: settings.senderAddress,
      MAILBOX_ADDRESS: settings.mailboxAddress || settings.senderAddress,
      CORS_ORIGINS: settings.corsOrigins.join(','),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...settings.handlerEnvironment,
    };
    const api = new Api(this, 'Api', { data, environment, corsOrigins: settings.corsOrigins });
    const web = new Web(this, 'Web', { apiDomainName: api.domainName, webAclArn: props.webAclArn, accessLogs: data.accessLogs, corsOrigins: settings.corsOrigins, pages: PAGES.map((p) => ({ file: `${p.name}.html`, routes: p.routes })) });
    const mail = new Mail(this, 'Mail', { data, environment, senderDomain: settings.senderDomain, mailFromDomain: settings.mailFromDomain });
    const publicUrl = settings.publicUrl || web.url;
    for (const fn of [api.publicFn, api.agentFn, mail.pollFn, mail.sendFn, mail.eventsFn]) fn.addEnvironment('PUBLIC_URL', publicUrl);
    // Mails link customers to their thread page (U1), served on the same address as the API.
    for (const fn of [api.publicFn, api.agentFn, mail.pollFn, mail.sendFn, mail.eventsFn]) fn.addEnvironment('WEB_URL', publicUrl);
    for (const fn of [api.publicFn, api.agentFn]) fn.addEnvironment('ORIGIN_SECRET', web.originSecret);
    // The pages (the thread page's answer form) post uploads from the distribution's origin.
    data.allowUploadsFrom([web.url]);

    new Alarms(this, 'Alarms', {
      httpApi: api.httpApi,
      apiAccessLogs: api.accessLogs,
      table: data.table,
      functions: { PublicApi: api.publicFn, AgentApi: api.agentFn, MailPoll: mail.pollFn, MailSend: mail.sendFn, MailEvents: mail.eventsFn },
      poller: mail.pollFn,
      sender: mail.sendFn,
      deadLetterQueues: { FailedSends: mail.failedSends, FailedEvents: mail.failedEvents },
      namespace: `ShopDesk/${settings.stage}`,
      email: settings.alarmEmail,
      topicArn: settings.alarmTopicArn,
    });
    new CfnOutput(this, 'WebUrl', { value: web.url, description: 'The pages; mails link here' });
    new CfnOutput(this, 'ApiUrl', { value: web.url, description: 'The API (paths /v1/…), behind CloudFront and the WAF' });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'BucketName', { value: data.bucket.bucketName });
    new CfnOutput(this, 'CreateFirstAdmin', {
      description: 'Run once with your AWS credentials to create the first admin and print its token',
      value: `npx shopdesk-admin create-admin --table ${data.table.tableName} --region ${this.region} --email you@your-shop.example --name "Your Name"`,
    });
  }
}
