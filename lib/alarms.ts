// Alarms to an SNS topic (and an e-mail): API 5xx, each function's errors, failed sends, a poller that stopped succeeding.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  httpApi: apigw.HttpApi;
  functions: Record<string, NodejsFunction>;
  poller: NodejsFunction;
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

    alarm('Api5xx', new cloudwatch.Alarm(this, 'Api5xx', {
      alarmDescription: 'The API answered 5xx',
      metric: props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }));
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, new cloudwatch.Alarm(this, `${name}Errors`, {
        alarmDescription: `${name} failed`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
    }
    alarm('FailedSends', new cloudwatch.Alarm(this, 'FailedSends', {
      alarmDescription: 'Outbox records gave up after their retries (see the on-failure queue)',
      metric: props.failedSends.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }));
    const successes = new cloudwatch.MathExpression({
      expression: 'invocations - errors',
      usingMetrics: {
        invocations: props.poller.metricInvocations({ period: Duration.minutes(15), statistic: 'Sum' }),
        errors: props.poller.metricErrors({ period: Duration.minutes(15), statistic: 'Sum' }),
      },
      period: Duration.minutes(15),
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
