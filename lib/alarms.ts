// Alarms, and where they go: an SNS topic with the operator's e-mail and/or the operator's own topic (SPEC N6).
import { Annotations, ArnFormat, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  httpApi: apigw.HttpApi;
  /** The API's JSON access log, where 429 answers are counted. */
  apiAccessLogs: logs.ILogGroup;
  table: dynamodb.Table;
  functions: Record<string, lambda.Function>;
  poller: lambda.Function;
  sender: lambda.Function;
  /** Dead-letter queues: anything in one of them is an event that was not handled. */
  deadLetterQueues: Record<string, sqs.IQueue>;
  /** The namespace of the stage's own metrics (counted from log lines), so that two stages in one account stay apart. */
  namespace: string;
  email?: string;
  topicArn?: string;
}

/** Metric names of the counts taken from log lines, in the stage's namespace. */
export const LOG_METRICS = {
  mailFailures: 'MailFailures',
  mailsNotSent: 'MailsNotSent',
  api429: 'Api429',
  mailboxRead: 'MailboxRead',
} as const;

/** Thresholds SES reviews an account at are 5 % bounces and 0.1 % complaints: the alarms fire before. */
export const SES_RATE_ALARMS = { bounceRate: 0.04, complaintRate: 0.0008 };

export class Alarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const key = new kms.Key(this, 'TopicKey', { enableKeyRotation: true, description: 'ShopDesk alarm topic' });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    const notify: cloudwatch.IAlarmAction[] = [new actions.SnsAction(this.topic)];
    if (props.topicArn) notify.push(new actions.SnsAction(sns.Topic.fromTopicArn(this, 'OperatorTopic', props.topicArn)));
    if (!props.email && !props.topicArn) {
      Annotations.of(this).addWarningV2('shopdesk:alarms-unwatched', 'No alarmEmail and no alarmTopicArn: the alarms go to a topic nobody is subscribed to.');
    }
    new CfnOutput(stack, 'AlarmTopicArn', { value: this.topic.topicArn, description: 'Every alarm is published here (subscribe more people or systems to it)' });

    const alarm = (name: string, options: Omit<cloudwatch.AlarmProps, 'treatMissingData' | 'evaluationPeriods'> & { evaluationPeriods?: number; treatMissingData?: cloudwatch.TreatMissingData }) => {
      const a = new cloudwatch.Alarm(this, name, {
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        ...options,
      });
      for (const action of notify) a.addAlarmAction(action);
      return a;
    };
    const fiveMinutes = { period: Duration.minutes(5) };

    alarm('Api5xx', { alarmDescription: 'The API answered 5xx', metric: props.httpApi.metricServerError({ ...fiveMinutes, statistic: 'Sum' }), threshold: 5 });
    alarm('ApiLatency', {
      alarmDescription: 'The API is slow: p95 latency over 5 s for 15 minutes',
      metric: props.httpApi.metricLatency({ ...fiveMinutes, statistic: 'p95' }),
      threshold: 5000,
      evaluationPeriods: 3,
    });
    alarm('Api429', {
      alarmDescription: 'The API refused many requests with 429 (throttled or over the contact-form limits)',
      metric: countFromLogs(this, 'Api429s', props.apiAccessLogs, logs.FilterPattern.stringValue('$.status', '=', '429'), props.namespace, LOG_METRICS.api429, '1'),
      threshold: 100,
    });

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, { alarmDescription: `${name} failed`, metric: fn.metricErrors({ ...fiveMinutes, statistic: 'Sum' }), threshold: 1 });
      // The poller runs as one instance on purpose: a tick that finds it busy is throttled and dropped by design.
      if (fn !== props.poller) alarm(`${name}Throttles`, { alarmDescription: `${name} was throttled by Lambda`, metric: fn.metricThrottles({ ...fiveMinutes, statistic: 'Sum' }), threshold: 5 });
    }
    alarm('TableThrottles', {
      alarmDescription: 'DynamoDB throttled reads or writes of the table',
      metric: new cloudwatch.MathExpression({
        expression: 'reads + writes',
        usingMetrics: {
          reads: props.table.metric('ReadThrottleEvents', { ...fiveMinutes, statistic: 'Sum' }),
          writes: props.table.metric('WriteThrottleEvents', { ...fiveMinutes, statistic: 'Sum' }),
        },
        ...fiveMinutes,
      }),
      threshold: 10,
    });
    alarm('OutboxIteratorAge', {
      alarmDescription: 'Outgoing mail waits: the oldest outbox record is more than 10 minutes old',
      metric: props.sender.metric('IteratorAge', { ...fiveMinutes, statistic: 'Maximum' }),
      threshold: Duration.minutes(10).toMilliseconds(),
    });
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(name, {
        alarmDescription: `${name}: events were not handled and wait in their dead-letter queue`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' }),
        threshold: 1,
      });
    }
    alarm('MailFailures', {
      alarmDescription: 'Incoming mail could not be stored (see the mail failures in the console)',
      metric: countFromLogs(this, 'PollFailures', props.poller.logGroup, logs.FilterPattern.all(logs.FilterPattern.stringValue('$.message', '=', 'poll'), logs.FilterPattern.numberValue('$.failures', '>', 0)), props.namespace, LOG_METRICS.mailFailures, '$.failures'),
      threshold: 1,
    });
    alarm('MailsNotSent', {
      alarmDescription: 'Outgoing mail failed for good (shown as failed on its message)',
      metric: countFromLogs(this, 'SendFailures', props.sender.logGroup, logs.FilterPattern.all(logs.FilterPattern.stringValue('$.message', '=', 'mail not sent'), logs.FilterPattern.booleanValue('$.final', true)), props.namespace, LOG_METRICS.mailsNotSent, '1'),
      threshold: 1,
    });
    const sesRate = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.minutes(15) });
    alarm('SesBounceRate', { alarmDescription: 'SES bounce rate at 4 % (SES reviews the account at 5 %)', metric: sesRate('Reputation.BounceRate'), threshold: SES_RATE_ALARMS.bounceRate });
    alarm('SesComplaintRate', { alarmDescription: 'SES complaint rate at 0.08 % (SES reviews the account at 0.1 %)', metric: sesRate('Reputation.ComplaintRate'), threshold: SES_RATE_ALARMS.complaintRate });

    // The same fact as GET /v1/mail/status's lastSuccessAt: a poll whose log line names no mailbox error (M7; the
    // logger leaves out a null `error`). A mailbox that cannot be reached makes no Lambda error, so counting errors would miss it.
    const successes = countFromLogs(
      this, 'PollsRead', props.poller.logGroup,
      logs.FilterPattern.all(logs.FilterPattern.stringValue('$.message', '=', 'poll'), logs.FilterPattern.notExists('$.error')),
      props.namespace, LOG_METRICS.mailboxRead, '1',
    ).with({ period: Duration.minutes(15) });
    alarm('PollerStalled', {
      alarmDescription: 'The mail poller has not succeeded for 15 minutes',
      metric: successes,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
}

/** A count taken from JSON log lines (a metric filter), in the stage's namespace. */
function countFromLogs(scope: Construct, id: string, logGroup: logs.ILogGroup, pattern: logs.IFilterPattern, namespace: string, metricName: string, metricValue: string): cloudwatch.Metric {
  const filter = new logs.MetricFilter(scope, id, { logGroup, filterPattern: pattern, metricNamespace: namespace, metricName, metricValue, defaultValue: 0 });
  return filter.metric({ period: Duration.minutes(5), statistic: 'Sum' });
}
