import type { ConfigChange } from '../../core/aws';
import { flag, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { formatDiagnostics, loadFunctions, pickFunction } from '../workspaceFunctions';
import { ask, AWS_FLAGS, AWS_FLAGS_USAGE, printStep, withSession } from './awsCli';

export const deployCommand: CliCommand = {
  name: 'deploy',
  summary: 'Package a function and deploy it to AWS Lambda (create or update, optional version and alias)',
  usage: `Usage: lambda-workbench deploy <FunctionName> [options]

Packages the function (an esbuild bundle for Node.js, the folder for Python, a cross-compiled bootstrap for Go) and
deploys it: a function that does not exist is created; an existing one gets its code uploaded only when its
CodeSha256 changed, then the settings the template changes (memory, timeout, environment, layers, architectures,
handler, runtime). The configuration changes are printed before anything is uploaded. Steps go to stderr; the
function's ARN and version go to stdout. Credentials, region and AWS_ENDPOINT_URL come from the AWS SDK's chain.

Options:
  --template <file>    a SAM/CloudFormation template; default: discover everything under the current folder
${AWS_FLAGS_USAGE}
  --role <arn>         the execution role for a new function (over the template's Role)
  --yes                create an execution role (AWSLambdaBasicExecutionRole) when a new function has none
  --publish            publish a version after the update
  --alias <name>       point this alias at the published version (implies --publish)
  --dry-run            package and show what would change, then stop
  --confirm            ask before applying configuration changes or creating a role
  --sourcemap          ship a source map with Node.js bundles`,
  async run(args, io) {
    const parsed = parseArgs(args, ['template', 'role', 'alias', ...AWS_FLAGS], ['publish', 'dry-run', 'yes', 'confirm', 'sourcemap']);
    const [target, extra] = parsed.positionals;
    if (!target) throw new UsageError('name the function to deploy');
    if (extra) throw new UsageError(`unexpected argument '${extra}'`);
    const alias = flag(parsed, 'alias');
    if (alias !== undefined && !/^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/.test(alias)) throw new UsageError(`--alias '${alias}' is not a valid alias name (letters, digits, - and _, not only digits)`);
    const confirm = parsed.flags.has('confirm');
    const loaded = await loadFunctions(io.cwd, flag(parsed, 'template'));
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) io.stderr(formatDiagnostics(errors));
    const fn = pickFunction(loaded, target);

    const result = await withSession(parsed, (session) =>
      session.deploy(fn, {
        role: flag(parsed, 'role'),
        publish: parsed.flags.has('publish'),
        alias,
        dryRun: parsed.flags.has('dry-run'),
        packaging: { node: { sourcemap: parsed.flags.has('sourcemap') } },
        onStep: (step) => printStep(io, step),
        confirmCreateRole: async (roleName) => {
          if (parsed.flags.has('yes')) return true;
          if (confirm) return ask(io, `Create the execution role ${roleName} (trusts lambda.amazonaws.com, CloudWatch Logs only)?`);
          io.stderr(`${fn.functionName ?? fn.name} needs a role: pass --role <arn>, or --yes to create ${roleName}.\n`);
          return false;
        },
        confirmChanges: async (changes: ConfigChange[]) => {
          io.stderr(`Configuration changes:\n${changes.map((c) => `  ${c.summary}\n`).join('')}`);
          return confirm ? ask(io, 'Apply these changes?') : true;
        },
      }),
    );
    for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
    if (result.outcome === 'dry-run') {
      const verb = result.functionArn ? (result.codeUploaded ? 'upload new code' : 'keep the code') : 'create the function';
      const changes = result.changes.length ? ` and change ${result.changes.map((c) => c.label).join(', ')}` : '';
      io.stdout(`Dry run: would ${verb}${changes} for ${result.functionName}. Nothing was changed.\n`);
      return 0;
    }
    const what = { created: 'Created', updated: 'Updated', unchanged: 'Unchanged', 'dry-run': '' }[result.outcome];
    io.stdout(`${what} ${result.functionArn ?? result.functionName} (version ${result.version})${result.aliasArn ? `, alias ${result.aliasArn}` : ''}\n`);
    return 0;
  },
};
