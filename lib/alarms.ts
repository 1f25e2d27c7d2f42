// Alarms to an SNS topic (and an e-mail): API 5xx, each function's errors, failed sends, a poller that stopped succeeding.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  httpApi: apigw.HttpApi;
  functions: Record<string, lambda.Function>;
  poller: lambda.Function;
  failedSends: sqs.Queue;
  email?: string;
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'TopicKey', { enableKeyRotation: true, description: 'ShopDesk alarm topic' });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    const notify = new actions.SnsAction(this.topic);
    const alarm = (name: string, a: cloudwatch.Alarm) => {
      a.addAlarmAction(notify);
      return a;
    };

    const whenAtLeast = (name: string, description: string, metric: cloudwatch.IMetric, threshold: number) =>
      alarm(name, new cloudwatch.Alarm(this, name, { alarmDescription: description, metric, threshold, evaluationPeriods: 1, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING }));
    whenAtLeast('Api5xx', 'The API answered 5xx', props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }), 5);
    for (const [name, fn] of Object.entries(props.functions)) {
      whenAtLeast(`${name}Errors`, `${name} failed`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 1);
    }
    whenAtLeast(
      'FailedSends',
      'Outbox records gave up after their retries (see the on-failure queue)',
      props.failedSends.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      1,
    );
    // The same fact as GET /v1/mail/status's lastSuccessAt: a poll that read the mailbox (the poll's log line, as an embedded metric).
    // A mailbox that cannot be reached makes no Lambda error, so counting errors would miss it.
    const successes = new cloudwatch.Metric({
      namespace: 'ShopDesk',
      metricName: 'MailboxRead',
      dimensionsMap: { Function: props.poller.functionName },
      period: Duration.minutes(15),
      statistic: 'Sum',
    });
    alarm('PollerStalled', new cloudwatch.Alarm(this, 'PollerStalled', {
      alarmDescription: 'The mail poller has not succeeded for 15 minutes',
      metric: successes,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }));
  }
}
