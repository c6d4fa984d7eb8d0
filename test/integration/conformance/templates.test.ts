import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../../src/core/assets';

const ROOT = packageRoot();

/** Templates that are wrong on purpose, and why: each must still be rejected, or it leaves this list. */
const DELIBERATELY_INVALID: Record<string, string> = {
  'test/fixtures/discovery/broken/template.yaml': 'YAML that does not parse, for the parse error diagnostics',
  'test/fixtures/discovery/sam-app/template.yaml':
    'MemorySize 64, Timeout 1000, Runtime nodejs99.x and provisioned concurrency without an alias, for the validation diagnostics',
};

/** cfn-lint rules left out, and why. */
const IGNORED_RULES: Record<string, string> = {
  // Deprecation follows the calendar, not the template: the same file passes or fails depending on today's date.
  E2533: 'runtime deprecation dates',
  // A local Code path is what `aws cloudformation package` uploads: the plain CloudFormation fixture is such a template.
  W3002: "local code paths for 'aws cloudformation package'",
};

/** Every CloudFormation/SAM template among the examples and fixtures (YAML or JSON with top-level Resources). */
function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : templates(path);
    if (!/\.(ya?ml|json)$/.test(entry.name)) return [];
    const text = readFileSync(path, 'utf8');
    return /^Resources:/m.test(text) || /^\s*\{\s*(?:"[^"]+"\s*:[\s\S]*?)?"Resources"\s*:/.test(text)
      ? [relative(ROOT, path)]
      : [];
  });
}

interface Finding {
  rule: string;
  level: string;
  message: string;
  line: number;
}

function check(files: string[]): Record<string, Finding[]> {
  const out = execFileSync(
    'python3',
    [join(__dirname, 'checkTemplates.py'), Object.keys(IGNORED_RULES).join(','), ...files],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    },
  );
  return JSON.parse(out) as Record<string, Finding[]>;
}

test('the examples and fixtures are templates aws-sam-translator and cfn-lint accept', { timeout: 300_000 }, () => {
  const files = [...templates(join(ROOT, 'examples')), ...templates(join(ROOT, 'test', 'fixtures'))].sort();
  assert.ok(
    files.includes('examples/template.yaml') && files.includes('test/fixtures/runtimes/template.yaml'),
    files.join('\n'),
  );
  for (const excluded of Object.keys(DELIBERATELY_INVALID))
    assert.ok(files.includes(excluded), `${excluded} is listed as invalid but is not a template here`);
  const results = check(files);
  for (const file of files) {
    const problems = results[file].filter((f) => f.level === 'Error' || f.level === 'Warning');
    if (file in DELIBERATELY_INVALID) {
      assert.ok(
        problems.length > 0,
        `${file} is listed as deliberately invalid (${DELIBERATELY_INVALID[file]}) but AWS's checks accept it`,
      );
    } else {
      assert.deepEqual(
        problems.map((p) => `${file}:${p.line}: ${p.rule} ${p.message}`),
        [],
        `${file} would be rejected by AWS`,
      );
    }
  }
});
