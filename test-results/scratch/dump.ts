import { buildTestApp } from '../../test/support/synth.ts';
import { Template } from 'aws-cdk-lib/assertions';
const settings = JSON.parse(process.argv[2] ?? '{}');
const { stack } = buildTestApp(settings);
console.log(JSON.stringify(Template.fromStack(stack).toJSON(), null, 1));
