import { commands } from './commands';
import { renderError } from '../core/errors';
import type { CliIo } from './command';

/** `lambda-workbench <command> [...]`: the local runtime, invoke and deploy from a terminal. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const wanted = commands.find((c) => c.name === rest[0]);
    io.stdout(wanted ? `${wanted.usage}\n` : overview());
    return 0;
  }
  if (name === '--version') {
    io.stdout(`${require('../../package.json').version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`lambda-workbench: unknown command '${name}'\n\n${overview()}`);
    return 2;
  }
  // `--help` anywhere before a `--` shows the command's usage, whatever else the line holds.
  const beforeSeparator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeSeparator.includes('--help') || beforeSeparator.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const rendered = renderError(error);
    if (rendered.code === 'usage') {
      io.stderr(`lambda-workbench ${name}: ${rendered.text}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr(`lambda-workbench ${name}: ${rendered.text}\n`);
    return 1;
  }
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: lambda-workbench <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nlambda-workbench help <command> shows a command's options.\n`;
}

if (require.main === module) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stdoutBytes: (bytes) => process.stdout.write(bytes),
    stdoutIsTerminal: process.stdout.isTTY === true,
    stderr: (text) => process.stderr.write(text),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    cwd: process.cwd(),
    env: process.env,
  };
  // main reports its own failures and resolves to the exit code.
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
