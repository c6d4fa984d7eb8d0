import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverFile } from '../../../src/core/discovery';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lwb-nested-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const childTemplate = `Parameters:
  Table: { Type: String, Default: from-child }
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: ./
      Environment: { Variables: { TABLE: !Ref Table } }
  Deeper:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./deeper.yaml
`;

test("nested stacks' functions are named <Stack>/<LogicalId>, keyed under the parent and given the parent's Parameters", () => {
  const root = project({
    'template.yaml': `Parameters:
  Env: { Type: String, Default: prod }
Resources:
  Orders:
    Type: AWS::Serverless::Application
    Properties:
      Location: ./orders/template.yaml
      Parameters: { Table: !Sub 'orders-\${Env}' }
  Remote:
    Type: AWS::Serverless::Application
    Properties:
      Location: { ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/thing, SemanticVersion: 1.0.0 }
`,
    'orders/template.yaml': childTemplate,
    'orders/app.py': 'def handler(event, context):\n    return event\n',
    'orders/deeper.yaml': `Resources:
  Leaf:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12, Handler: app.handler, Code: ./ }
`,
  });
  const path = join(root, 'template.yaml');
  const { functions, diagnostics } = discoverFile(path, readFileSync(path, 'utf8'));
  assert.deepEqual(functions.map((f) => [f.name, f.id]).sort(), [
    ['Orders/Deeper/Leaf', `${path}#Orders/Deeper/Leaf`],
    ['Orders/Worker', `${path}#Orders/Worker`],
  ]);
  const worker = functions.find((f) => f.name === 'Orders/Worker')!;
  assert.equal(worker.environment.TABLE, 'orders-prod');
  assert.equal(worker.templatePath, join(root, 'orders', 'template.yaml'));
  assert.deepEqual(worker.nestedStack, { path: ['Orders'], rootTemplate: path });
  assert.equal(worker.handlerFile, join(root, 'orders', 'app.py'));
  assert.deepEqual(functions.find((f) => f.name === 'Orders/Deeper/Leaf')!.nestedStack, {
    path: ['Orders', 'Deeper'],
    rootTemplate: path,
  });
  const remote = diagnostics.find((d) => d.message.startsWith('Remote:'));
  assert.equal(remote?.severity, 'info');
  assert.match(remote!.message, /not a local file .* not run locally/);
});

test('a nested stack whose local template is missing, or that includes its parent, is an error on the stack resource', () => {
  const root = project({
    'template.yaml': `Resources:
  Gone:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: ./nowhere.yaml }
  Loop:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: ./loop.yaml }
`,
    'loop.yaml': `Resources:
  Back:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: ./template.yaml }
`,
  });
  const path = join(root, 'template.yaml');
  const { functions, diagnostics } = discoverFile(path, readFileSync(path, 'utf8'));
  assert.deepEqual(functions, []);
  const errors = diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.file === path ? 'template' : 'loop'}:${d.line} ${d.message}`);
  assert.deepEqual(errors, [
    `template:3 Gone: TemplateURL ./nowhere.yaml does not exist (looked for ${join(root, 'nowhere.yaml')})`,
    `loop:1 Back: the nested stack includes ${path}, which includes it back`,
  ]);
});
