// Mail in and out: the poller on a schedule, the sender on the table's stream, SES identity and its events.
import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
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
  senderAddress: string;
  senderDomain?: string;
}

export class Mail extends Construct {
  readonly pollFn: lambda.Function;
  readonly sendFn: lambda.Function;
  readonly eventsFn: lambda.Function;
  readonly failedSends: sqs.Queue;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const { data } = props;
    const identity = new ses.EmailIdentity(this, 'Sender', {
      identity: props.senderDomain ? ses.Identity.domain(props.senderDomain) : ses.Identity.email(props.senderAddress),
    });
    const eventsKey = new kms.Key(this, 'SesEventsKey', { enableKeyRotation: true, description: 'ShopDesk SES event topic' });
    // SES publishes bounce and complaint events to an encrypted topic only if it may use the topic's key.
    eventsKey.grant(new iam.ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    const sesEvents = new sns.Topic(this, 'SesEvents', { masterKey: eventsKey, enforceSSL: true });
    const configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {});
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
    grantTable(this.pollFn, data, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:TransactWriteItems', 'dynamodb:ConditionCheckItem']);
    grantObjects(this.pollFn, data.bucket, ['s3:PutObject', 's3:AbortMultipartUpload'], ['raw/*', 'attachments/*']);
    data.secretsKey.grant(this.pollFn, 'kms:Decrypt');
    this.schedule = new events.Rule(this, 'EveryMinute', { schedule: events.Schedule.rate(Duration.minutes(1)), targets: [new targets.LambdaFunction(this.pollFn, { retryAttempts: 0 })] });

    this.sendFn = shopdeskFunction(this, 'MailSend', {
      handler: 'mail-send',
      description: 'ShopDesk outbox sender (table stream)',
      memoryMb: 512,
      timeout: Duration.seconds(20),
      environment: { ...props.environment, SES_CONFIGURATION_SET: configurationSet.configurationSetName },
    });
    grantTable(this.sendFn, data, ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:TransactWriteItems']);
    grantObjects(this.sendFn, data.bucket, ['s3:GetObject'], ['attachments/*']);
    this.sendFn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [identity.emailIdentityArn, `arn:aws:ses:${identity.stack.region}:${identity.stack.account}:configuration-set/${configurationSet.configurationSetName}`],
      }),
    );
    this.failedSends = new sqs.Queue(this, 'FailedSends', { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) });
    Validations.of(this.failedSends).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the on-failure destination of the outbox stream.' });
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

    Validations.of(this.sendFn).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'dynamodb:ListStreams, which the stream event source needs, cannot be scoped to a resource.' });

    this.eventsFn = shopdeskFunction(this, 'MailEvents', {
      handler: 'mail-events',
      description: 'ShopDesk SES bounce and complaint events',
      memoryMb: 256,
      timeout: Duration.seconds(20),
      environment: props.environment,
    });
    grantTable(this.eventsFn, data, ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:TransactWriteItems']);
    this.eventsFn.addEventSource(new SnsEventSource(sesEvents));
  }
}
