import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam';

type Iam = Pick<IAMClient, 'send'>;

/** The trust policy that lets Lambda assume a role. */
export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The partition of a region: aws, aws-cn or aws-us-gov. */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `<function>-role`, cut to IAM's 64 characters. */
export function executionRoleName(functionName: string): string {
  return `${functionName.slice(0, 59)}-role`;
}

/**
 * Creates a role Lambda can assume, with AWSLambdaBasicExecutionRole attached (CloudWatch Logs only), and returns its
 * ARN and whether it is new. A role of that name that already exists is reused.
 */
export async function createExecutionRole(
  iam: Iam,
  roleName: string,
  region: string | undefined,
  onAction: (action: string) => void = () => undefined,
): Promise<{ arn: string; created: boolean }> {
  let arn: string | undefined;
  onAction('iam:CreateRole');
  let created = true;
  try {
    const result = await iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
        Description: 'Execution role created by Lambda Workbench: CloudWatch Logs only.',
      }),
    );
    arn = result.Role?.Arn;
  } catch (error) {
    if ((error as { name?: string }).name !== 'EntityAlreadyExistsException') throw error;
    created = false;
    onAction('iam:GetRole');
    arn = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Arn;
  }
  if (!arn) throw new Error(`IAM did not return the ARN of role ${roleName}.`);
  onAction('iam:AttachRolePolicy');
  await iam.send(
    new AttachRolePolicyCommand({
      RoleName: roleName,
      PolicyArn: `arn:${partitionOf(region)}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`,
    }),
  );
  return { arn, created };
}
