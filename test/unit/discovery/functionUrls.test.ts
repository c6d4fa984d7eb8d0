import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverFile } from '../../../src/core/discovery';
import { brief, byName, fixture } from './fixtures';

function discover(text: string) {
  return discoverFile(fixture('sam-app', 'urls.yaml'), text, { root: fixture() });
}

test('SAM FunctionUrlConfig: auth type, invoke mode and CORS; Globals apply', () => {
  const { functions, diagnostics } = discover(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    FunctionUrlConfig:
      AuthType: NONE
Resources:
  Streamer:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      FunctionUrlConfig:
        AuthType: AWS_IAM
        InvokeMode: RESPONSE_STREAM
        Cors:
          AllowOrigins: [https://example.com]
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
`);
  const streamer = byName(functions, 'Streamer').url!;
  assert.deepEqual(
    [streamer.authType, streamer.invokeMode, streamer.declaredBy],
    ['AWS_IAM', 'RESPONSE_STREAM', 'FunctionUrlConfig'],
  );
  assert.deepEqual(streamer.cors, { AllowOrigins: ['https://example.com'] });
  assert.deepEqual(
    [byName(functions, 'Plain').url?.authType, byName(functions, 'Plain').url?.invokeMode],
    ['NONE', 'BUFFERED'],
  );
  assert.deepEqual(
    brief(diagnostics).filter((d) => /URL|AuthType/.test(d)),
    [],
  );
});

test('AWS::Lambda::Url targets its function by !Ref, !GetAtt or !Sub; a bad AuthType is an error and no URL', () => {
  const { functions, diagnostics } = discover(`Resources:
  ByRef:
    Type: AWS::Lambda::Function
    Properties: { Handler: app.handler, Runtime: nodejs20.x, Code: . }
  ByAtt:
    Type: AWS::Lambda::Function
    Properties: { Handler: app.handler, Runtime: nodejs20.x, Code: . }
  BySub:
    Type: AWS::Lambda::Function
    Properties: { Handler: app.handler, Runtime: nodejs20.x, Code: . }
  Broken:
    Type: AWS::Lambda::Function
    Properties: { Handler: app.handler, Runtime: nodejs20.x, Code: . }
  RefUrl:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: !Ref ByRef, AuthType: NONE }
  AttUrl:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: !GetAtt ByAtt.Arn, AuthType: AWS_IAM, InvokeMode: RESPONSE_STREAM }
  SubUrl:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: !Sub '\${BySub.Arn}', AuthType: NONE }
  BrokenUrl:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: !Ref Broken, AuthType: COGNITO }
`);
  assert.deepEqual(byName(functions, 'ByRef').url?.declaredBy, 'RefUrl');
  assert.deepEqual(
    [byName(functions, 'ByAtt').url?.authType, byName(functions, 'ByAtt').url?.invokeMode],
    ['AWS_IAM', 'RESPONSE_STREAM'],
  );
  assert.equal(byName(functions, 'BySub').url?.declaredBy, 'SubUrl');
  assert.equal(byName(functions, 'Broken').url, undefined);
  assert.ok(
    brief(diagnostics).some((d) =>
      d.includes('error Broken: AuthType of the function URL must be NONE or AWS_IAM, got "COGNITO"'),
    ),
  );
});
