import type { AwsSession, DeployPlan, DeployPlanAnswers, DeployResult } from '../../core/aws';
import type { FunctionSpec } from '../../core/model';
import { codeOutsideWorkspace } from '../../core/packaging/codeLocation';
import { flag, parseArgs, type ParsedArgs } from '../args';
import { UsageError, type CliCommand, type CliIo } from '../command';
import { localSetup, TEMPLATE_FLAGS, TEMPLATE_FLAGS_USAGE } from '../localSetup';
import { diagnosticsFor, formatDiagnostics, loadFunctions, pickFunction } from '../workspaceFunctions';
import { ask, AWS_FLAGS, AWS_FLAGS_USAGE, printStep, withSession } from './awsCli';

export const deployCommand: CliCommand = {
  name: 'deploy',
  summary: 'Package a function and deploy it to AWS Lambda (create or update, optional version and alias)',
  usage: `Usage: lambda-workbench deploy <FunctionName> [options]

Packages the function (an esbuild bundle for Node.js, the folder for Python, a cross-compiled bootstrap for Go),
looks it up once and prints the plan before anything changes: a function that does not exist is created (tagged
lambda-workbench:managed); an existing one gets its code uploaded only when its CodeSha256 changed, then the settings
the template changes (runtime, handler, environment, memory, timeout, role, layers, architectures). Steps go to
stderr; the function's ARN and version go to stdout. Credentials, region and AWS_ENDPOINT_URL come from the AWS
SDK's chain.

Deploy stops, changing nothing, unless confirmed by --force (or by answering yes under --confirm), when:
  - a function of that name exists that Lambda Workbench did not deploy (no lambda-workbench:managed tag);
  - the runtime or the handler changes, or environment variables are removed;
  - the code lies outside the current folder.

Options:
  --template <file>    a SAM/CloudFormation template; default: discover everything under the current folder
${AWS_FLAGS_USAGE}
${TEMPLATE_FLAGS_USAGE}
  --role <arn>         the execution role for a new function (over the template's Role)
  --yes                create an execution role (AWSLambdaBasicExecutionRole) when a new function has none
  --publish            publish a version after the update
  --alias <name>       point this alias at the published version (implies --publish)
  --dry-run            package and show the plan, then stop
  --confirm            ask before each change: code, configuration, a new role, anything listed above
  --force              confirm what deploy otherwise stops for (listed above)
  --sourcemap          ship a source map with Node.js bundles`,
  async run(args, io) {
    const parsed = parseArgs(
      args,
      ['role', 'alias', ...TEMPLATE_FLAGS, ...AWS_FLAGS],
      ['publish', 'dry-run', 'yes', 'confirm', 'force', 'sourcemap'],
    );
    const [target, extra] = parsed.positionals;
    if (!target) throw new UsageError('name the function to deploy');
    if (extra) throw new UsageError(`unexpected argument '${extra}'`);
    const alias = flag(parsed, 'alias');
    if (alias !== undefined && !/^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/.test(alias))
      throw new UsageError(`--alias '${alias}' is not a valid alias name (letters, digits, - and _, not only digits)`);
    const { resolution } = await localSetup(parsed, io);
    const loaded = await loadFunctions(io.cwd, flag(parsed, 'template'), resolution);
    const fn = pickFunction(loaded, target);
    io.stderr(formatDiagnostics(diagnosticsFor(loaded, fn)));

    return withSession(parsed, async (session) => {
      const plan = await makePlan(session, fn, parsed, io);
      if (!plan) return 1;
      printPlan(io, plan);
      if (parsed.flags.has('dry-run')) {
        io.stdout(describeDryRun(plan));
        return 0;
      }
      const answers = await answer(plan, parsed, io);
      if (!answers) return 1;
      const result = await session.applyDeploy(plan, answers, {
        publish: parsed.flags.has('publish'),
        alias,
        onStep: (step) => printStep(io, step),
      });
      printResult(io, result);
      return 0;
    });
  },
};

/** Plans the deploy, first asking (or requiring --force) when the code lies outside the current folder. */
async function makePlan(
  session: AwsSession,
  fn: FunctionSpec,
  parsed: ParsedArgs,
  io: CliIo,
): Promise<DeployPlan | undefined> {
  const outside = codeOutsideWorkspace(fn, [io.cwd]);
  let allow = parsed.flags.has('force');
  if (outside && !allow) {
    const question = `The code of ${fn.name} is in ${outside}, outside ${io.cwd}. Package and deploy it?`;
    if (parsed.flags.has('confirm')) allow = await ask(io, question);
    else
      io.stderr(
        `${fn.name}: the code is in ${outside}, outside ${io.cwd}; nothing was packaged. Pass --force to deploy it anyway, or --confirm to be asked.\n`,
      );
    if (!allow) return undefined;
  }
  return session.planDeploy(fn, {
    role: flag(parsed, 'role'),
    packaging: { node: { sourcemap: parsed.flags.has('sourcemap') } },
    workspaceFolders: [io.cwd],
    allowCodeOutsideWorkspace: allow,
    onStep: (step) => printStep(io, step),
  });
}

/** The answers from --force, --yes and --confirm; undefined (after saying why) when a required one is missing. */
async function answer(plan: DeployPlan, parsed: ParsedArgs, io: CliIo): Promise<DeployPlanAnswers | undefined> {
  const force = parsed.flags.has('force');
  const confirm = parsed.flags.has('confirm');
  const answers: DeployPlanAnswers = {};
  for (const question of plan.questions) {
    if (question.kind === 'role') {
      if (
        parsed.flags.has('yes') ||
        (confirm &&
          (await ask(
            io,
            `Create the execution role ${question.roleName} (trusts lambda.amazonaws.com, CloudWatch Logs only)?`,
          )))
      )
        answers.role = 'create';
      else if (!confirm)
        io.stderr(`${plan.functionName} needs a role: pass --role <arn>, or --yes to create ${question.roleName}.\n`);
      continue;
    }
    const key = question.kind === 'overwrite' ? 'overwrite' : 'applyChanges';
    if (force && question.required) answers[key] = true;
    else if (confirm)
      answers[key] = await ask(
        io,
        question.kind === 'overwrite' ? `${question.message} Replace it?` : question.message,
      );
    else if (question.required) {
      const why =
        question.kind === 'overwrite'
          ? question.message
          : `deploying ${plan.functionName} needs confirmation: ${question.reasons.join(' and ')}.`;
      io.stderr(`${why} Nothing was changed. Pass --force to deploy anyway, or --confirm to be asked.\n`);
      return undefined;
    }
  }
  return answers;
}

function printPlan(io: CliIo, plan: DeployPlan): void {
  for (const warning of plan.warnings) io.stderr(`warning: ${warning}\n`);
  if (plan.changes.length) io.stderr(`Configuration changes:\n${plan.changes.map((c) => `  ${c.summary}\n`).join('')}`);
}

function describeDryRun(plan: DeployPlan): string {
  const verb =
    plan.action === 'create'
      ? 'create the function'
      : plan.codeChanged || plan.changes.some((c) => c.field === 'architectures')
        ? 'upload new code'
        : 'keep the code';
  const changes = plan.changes.length ? ` and change ${plan.changes.map((c) => c.label).join(', ')}` : '';
  const asks = plan.questions.flatMap((q) => {
    if (q.kind === 'overwrite') return ['it replaces a function Lambda Workbench did not deploy'];
    return q.kind === 'changes' && q.required ? [q.reasons.join(' and ')] : [];
  });
  const needs = asks.length ? ` It would need --force: ${asks.join('; ')}.` : '';
  return `Dry run: would ${verb}${changes} for ${plan.functionName}. Nothing was changed.${needs}\n`;
}

function printResult(io: CliIo, result: DeployResult): void {
  const what = { created: 'Created', updated: 'Updated', unchanged: 'Unchanged', 'dry-run': '' }[result.outcome];
  io.stdout(
    `${what} ${result.functionArn ?? result.functionName} (version ${result.version})${result.aliasArn ? `, alias ${result.aliasArn}` : ''}\n`,
  );
}
