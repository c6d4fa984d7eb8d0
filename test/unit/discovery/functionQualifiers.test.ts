import assert from 'node:assert/strict';
import { test } from 'node:test';
import { qualifierSettings } from '../../../src/core/discovery/functionQualifiers';

test('aliases come from AutoPublishAlias (own or Globals) and AWS::Lambda::Alias resources that point at the function', () => {
  const resources = {
    Live: { Type: 'AWS::Lambda::Alias', Properties: { Name: 'live', FunctionName: { Ref: 'Orders' } } },
    Beta: {
      Type: 'AWS::Lambda::Alias',
      Properties: { Name: 'beta', FunctionName: { 'Fn::GetAtt': ['Orders', 'Arn'] } },
    },
    Other: { Type: 'AWS::Lambda::Alias', Properties: { Name: 'other', FunctionName: { Ref: 'Payments' } } },
  };
  assert.deepEqual(qualifierSettings(resources, 'Orders', { AutoPublishAlias: 'prod' }, {}), {
    aliases: ['prod', 'live', 'beta'],
  });
  assert.deepEqual(qualifierSettings(resources, 'Payments', {}, { AutoPublishAlias: 'prod' }), {
    aliases: ['prod', 'other'],
  });
  assert.deepEqual(qualifierSettings({}, 'Plain', {}, {}), {});
});

test('TenancyConfig PER_TENANT turns tenant isolation on; any other mode does not', () => {
  assert.deepEqual(qualifierSettings({}, 'F', { TenancyConfig: { TenantIsolationMode: 'PER_TENANT' } }, {}), {
    tenantIsolation: true,
  });
  assert.deepEqual(qualifierSettings({}, 'F', { TenancyConfig: { TenantIsolationMode: 'SHARED' } }, {}), {});
});
