// Check (c): a CDK app of another team deploys the construct with its own bus and alarm topics.
import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { RecipeStatus } from 'recipe-status';

const app = new App({ outdir: process.argv[2] });
const stack = new Stack(app, 'Consumer', { env: { account: '111111111111', region: 'eu-west-1' } });
new RecipeStatus(stack, 'RecipeStatus', {
  eventBus: events.EventBus.fromEventBusName(stack, 'Bus', 'provisioning'),
  alarmTopic: sns.Topic.fromTopicArn(stack, 'Alarms', 'arn:aws:sns:eu-west-1:111111111111:on-call'),
  ticketTopic: sns.Topic.fromTopicArn(stack, 'Tickets', 'arn:aws:sns:eu-west-1:111111111111:tickets'),
});
app.synth();
