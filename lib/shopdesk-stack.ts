// The stack: wires the constructs together, nothing else.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Alarms } from './alarms';
import { Api } from './api';
import { Data } from './data';
import { Mail } from './mail';

export interface ShopdeskSettings {
  senderAddress: string;
  senderDomain?: string;
  mailboxAddress?: string;
  corsOrigins: string[];
  alarmEmail?: string;
  publicUrl?: string;
}

export class ShopdeskStack extends Stack {
  constructor(scope: Construct, id: string, settings: ShopdeskSettings, props?: StackProps) {
    super(scope, id, props);
    const data = new Data(this, 'Data', { corsOrigins: settings.corsOrigins });
    const environment: Record<string, string> = {
      TABLE_NAME: data.table.tableName,
      BUCKET_NAME: data.bucket.bucketName,
      KMS_KEY_ID: data.secretsKey.keyArn,
      SENDER_ADDRESS: settings.senderAddress,
      MAILBOX_ADDRESS: settings.mailboxAddress || settings.senderAddress,
      CORS_ORIGINS: settings.corsOrigins.join(','),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...(settings.publicUrl ? { PUBLIC_URL: settings.publicUrl } : {}),
    };
    const api = new Api(this, 'Api', { data, environment, corsOrigins: settings.corsOrigins });
    const mail = new Mail(this, 'Mail', { data, environment, senderAddress: settings.senderAddress, senderDomain: settings.senderDomain });
    new Alarms(this, 'Alarms', {
      httpApi: api.httpApi,
      functions: { PublicApi: api.publicFn, AgentApi: api.agentFn, MailPoll: mail.pollFn, MailSend: mail.sendFn, MailEvents: mail.eventsFn },
      poller: mail.pollFn,
      failedSends: mail.failedSends,
      email: settings.alarmEmail,
    });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'BucketName', { value: data.bucket.bucketName });
    new CfnOutput(this, 'CreateFirstAdmin', {
      description: 'Run once with your AWS credentials to create the first admin and print its token',
      value: `npx shopdesk-admin create-admin --table ${data.table.tableName} --region ${this.region} --email you@your-shop.example --name "Your Name"`,
    });
  }
}
