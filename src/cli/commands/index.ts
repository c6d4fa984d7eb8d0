import type { CliCommand } from '../command';

/** Every sub-command, in the order `lambda-workbench help` lists them. */
export const commands: CliCommand[] = [];
