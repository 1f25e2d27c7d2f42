// The stage's us-east-1 part: a WebACL of scope CLOUDFRONT can only be created there, whatever region the desk runs in.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Firewall } from './firewall';

export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, stage: string, props: StackProps) {
    super(scope, id, props);
    this.webAclArn = new Firewall(this, 'Firewall', { stage }).webAcl.attrArn;
  }
}
