import type { CliCommand } from '../command';
import { invokeCommand } from './invoke';
import { serveCommand } from './serve';
import { startApiCommand } from './startApi';
import { scheduleCommand } from './schedule';
import { deployCommand } from './deploy';
import { remoteCommand } from './remote';
import { listCommand } from './list';
import { generateEventCommand } from './generateEvent';
import { testCommand } from './test';

/** Every sub-command, in the order `lambda-workbench help` lists them. */
export const commands: CliCommand[] = [
  listCommand,
  invokeCommand,
  serveCommand,
  startApiCommand,
  scheduleCommand,
  generateEventCommand,
  testCommand,
  deployCommand,
  remoteCommand,
];
