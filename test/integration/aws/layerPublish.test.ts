import { type LambdaClient, ListLayerVersionsCommand } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AwsSession, type Step } from '../../../src/core/aws';
import { publishLocalLayers } from '../../../src/core/aws/layerPublish';
import type { Moto } from '../../support/moto';
import { isCall, json, type Front } from './front';
import { startDeployWorld, stopDeployWorld } from './deployWorld';
import { FAST, nodeFunction } from './workspace';
import { codeFolder } from '../../support/codeFolder';

let moto: Moto;
let session: AwsSession;
let front: Front;
let lambda: LambdaClient;
let role: string;
const project = codeFolder({
  'fn/index.js': "exports.handler = async () => 'uses the layer at run time';\n",
  'layer/nodejs/node_modules/words/index.js': "exports.word = 'one';\n",
});
const cacheDir = `${project.dir}/.cache`;

before(async () => {
  ({ moto, front, session, lambda, role } = await startDeployWorld('layer-test-role'));
});

after(async () => {
  await stopDeployWorld({ moto, front, session, lambda });
  project.cleanup();
});

const withLayer = (name: string) =>
  nodeFunction(`${project.dir}/fn`, name, {
    role,
    layers: ['WordsLayer'],
    layerSources: [{ ref: 'WordsLayer', layerName: 'words', contentDir: `${project.dir}/layer` }],
  });

describe('deploy publishes local layers', () => {
  test('PublishLayerVersion once, skipped while the latest version has the same CodeSha256, again after a change', async () => {
    const fn = withLayer('layered-a');
    const first = await publishLocalLayers(lambda, fn, { cacheDir });
    assert.equal(first.publications[0].published, true);
    assert.match(first.layers[0], /^arn:aws:lambda:us-east-1:\d{12}:layer:words:1$/);
    const again = await publishLocalLayers(lambda, fn, { cacheDir });
    assert.deepEqual([again.publications[0].published, again.layers[0]], [false, first.layers[0]]);
    project.write('layer/nodejs/node_modules/words/index.js', "exports.word = 'two';\n");
    const changed = await publishLocalLayers(lambda, fn, { cacheDir });
    assert.equal(changed.publications[0].published, true);
    assert.match(changed.layers[0], /:layer:words:2$/);
    const dry = await publishLocalLayers(lambda, fn, { cacheDir, dryRun: true });
    assert.equal(dry.publications[0].published, false, 'a dry run finds the latest version unchanged');
    const versions = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'words' }));
    assert.equal(versions.LayerVersions?.length, 2);
  });

  test('deploy creates the function pointing at the version of its local layer, and says what it did', async () => {
    const steps: Step[] = [];
    const { layers } = await publishLocalLayers(lambda, withLayer('x'), { cacheDir });
    const deploying = session.deploy(withLayer('layered-b'), { timing: FAST, onStep: (s) => steps.push(s) });
    // moto looks published layer versions up by a key of its own and refuses every Layers ARN on CreateFunction
    // ("One or more LayerVersion does not exist"); what deploy sent is read from the request instead.
    await deploying.catch((error: Error) => assert.match(error.message, /layered-b/));
    const create = front.requests.find((r) => isCall(r, 'POST', /^\/2015-03-31\/functions\/?$/));
    assert.ok(create, 'CreateFunction was called');
    assert.deepEqual(json(create.body).Layers, layers);
    assert.ok(
      steps.some((s) => s.id === 'layers' && s.title === 'Layer words unchanged' && s.detail?.startsWith(layers[0])),
      JSON.stringify(steps),
    );
  });
});
