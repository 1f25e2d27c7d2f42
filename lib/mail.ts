// Mail in and out: the poller on a schedule, the sender on the table's stream, the SES domain and its events.
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SnsEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantObjects, grantTable } from './api';
import type { Data } from './data';
import { shopdeskFunction } from './lambda';

export interface MailProps {
  data: Data;
  environment: Record<string, string>;
  /** The verified domain (Easy DKIM) that every mail is sent from. */
  senderDomain: string;
  /** The subdomain SES uses as the envelope sender (MAIL FROM), so that SPF aligns with the sender's domain. */
  mailFromDomain: string;
}

export class Mail extends Construct {
  readonly pollFn: lambda.Function;
  readonly sendFn: lambda.Function;
  readonly eventsFn: lambda.Function;
  /** Outbox records that gave up after the stream's retries. */
  readonly failedSends: sqs.Queue;
  /** SES events that mail-events could not take (SNS could not deliver them, or the function failed for good). */
  readonly failedEvents: sqs.Queue;
  readonly schedule: events.Rule;
  readonly configurationSetName: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const { data } = props;
    const stack = Stack.of(this);
    const configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetName = configurationSet.configurationSetName;
    const configurationSetArn = stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName });
    const identity = new ses.EmailIdentity(this, 'Domain', {
      identity: ses.Identity.domain(props.senderDomain),
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      mailFromDomain: props.mailFromDomain,
      // Until the MAIL FROM records exist, SES sends with its own envelope sender rather than refusing the mail.
      mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
      configurationSet,
    });
    dnsRecordOutputs(this, identity, props);

    const eventsKey = new kms.Key(this, 'SesEventsKey', { enableKeyRotation: true, description: 'ShopDesk SES event topic' });
    // SES publishes bounce and complaint events to an encrypted topic only if it may use the topic's key; only for
    // this account's configuration set.
    eventsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': configurationSetArn } },
      }),
    );
    const sesEvents = new sns.Topic(this, 'SesEvents', { masterKey: eventsKey, enforceSSL: true });
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(sesEvents),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT],
    });

    this.pollFn = shopdeskFunction(this, 'MailPoll', {
      handler: 'mail-poll',
      description: 'ShopDesk mail poller (every minute)',
      memoryMb: 1024,
      timeout: Duration.minutes(5),
      environment: { ...props.environment, POLL_BUDGET_MS: '240000' },
      // The lease already keeps two polls apart; one instance at most also keeps cost flat.
      reservedConcurrency: 1,
    });
    grantTable(this.pollFn, data, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'], { indexes: true });
    grantObjects(this.pollFn, data.bucket, ['s3:PutObject', 's3:AbortMultipartUpload'], ['raw/*', 'attachments/*']);
    data.secretsKey.grant(this.pollFn, 'kms:Decrypt');
    // A tick that waits (the one poller is busy) or fails is dropped: the next minute polls anyway.
    this.pollFn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(2) });
    this.schedule = new events.Rule(this, 'EveryMinute', {
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.pollFn, { retryAttempts: 0, maxEventAge: Duration.minutes(2) })],
    });

    this.sendFn = shopdeskFunction(this, 'MailSend', {
      handler: 'mail-send',
      description: 'ShopDesk outbox sender (table stream)',
      memoryMb: 512,
      timeout: Duration.seconds(20),
      environment: { ...props.environment, SES_CONFIGURATION_SET: configurationSet.configurationSetName },
    });
    grantTable(this.sendFn, data, ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], { indexes: false });
    grantObjects(this.sendFn, data.bucket, ['s3:GetObject'], ['attachments/*']);
    this.sendFn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [identity.emailIdentityArn, configurationSetArn],
      }),
    );
    this.failedSends = deadLetterQueue(this, 'FailedSends', 'This queue is itself the on-failure destination of the outbox stream.');
    this.sendFn.addEventSource(
      new DynamoEventSource(data.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 8,
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(this.failedSends),
        // Only new outbox items wake the sender (S1); every other change of the table is not its business.
        filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('outbox') } } } })],
      }),
    );

    Validations.of(this.sendFn.role!).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'dynamodb:ListStreams, which the stream event source needs, cannot be scoped to a resource.' });

    this.eventsFn = shopdeskFunction(this, 'MailEvents', {
      handler: 'mail-events',
      description: 'ShopDesk SES bounce and complaint events',
      memoryMb: 256,
      timeout: Duration.seconds(20),
      environment: props.environment,
    });
    grantTable(this.eventsFn, data, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], { indexes: false });
    // SNS invokes asynchronously: what it cannot deliver, and what still fails after Lambda's two retries, is kept.
    this.failedEvents = deadLetterQueue(this, 'FailedEvents', 'This queue is itself the dead-letter queue of the SES event subscription and mail-events’ on-failure destination.');
    this.eventsFn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new destinations.SqsDestination(this.failedEvents) });
    this.eventsFn.addEventSource(new SnsEventSource(sesEvents, { deadLetterQueue: this.failedEvents }));
  }
}

function deadLetterQueue(scope: Construct, id: string, reason: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) });
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason });
  return queue;
}

/** The records the operator adds to the domain's DNS: three DKIM CNAMEs, the MAIL FROM MX and SPF, a DMARC policy. */
function dnsRecordOutputs(scope: Construct, identity: ses.EmailIdentity, props: MailProps): void {
  const stack = Stack.of(scope);
  const records: [string, string][] = [
    ['DnsDkim1', `${identity.dkimDnsTokenName1} CNAME ${identity.dkimDnsTokenValue1}`],
    ['DnsDkim2', `${identity.dkimDnsTokenName2} CNAME ${identity.dkimDnsTokenValue2}`],
    ['DnsDkim3', `${identity.dkimDnsTokenName3} CNAME ${identity.dkimDnsTokenValue3}`],
    ['DnsMailFromMx', `${props.mailFromDomain} MX 10 feedback-smtp.${stack.region}.amazonses.com`],
    ['DnsMailFromSpf', `${props.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`],
    ['DnsDmarc', `_dmarc.${props.senderDomain} TXT "v=DMARC1; p=none;"`],
  ];
  for (const [id, value] of records) new CfnOutput(stack, id, { value, description: 'Add this record to the DNS of the sender domain' });
}
