import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { FunctionSpec } from '../../core/model';
import { eventStoreFor } from '../events/eventStoreFor';
import { checkEvent, pickEvent, type ChosenEvent } from '../run/eventPicker';
import type { Workbench } from '../workbench';
import type { LambdaLaunchConfig } from './launchConfig';

/**
 * The function a launch configuration names: by `function` (id, logical id, name or FunctionName, narrowed by
 * `template`), or by `handler` (the file that defines it). Asks when several match; throws a clear error for none.
 */
export async function functionFor(
  workbench: Workbench,
  config: LambdaLaunchConfig,
  base: string | undefined,
): Promise<FunctionSpec | undefined> {
  await workbench.functions.start();
  let candidates = workbench.functions.functions;
  const template = config.template ? resolve(base ?? '', config.template) : undefined;
  if (template) candidates = candidates.filter((fn) => fn.templatePath === template);
  let what: string;
  if (config.function) {
    const wanted = config.function;
    const byId = candidates.filter((fn) => fn.id === wanted);
    candidates = byId.length ? byId : candidates.filter((fn) => fn.name === wanted || fn.functionName === wanted);
    what = `function "${wanted}"${template ? ` in ${template}` : ''}`;
  } else {
    const file = resolve(base ?? '', config.handler!);
    candidates = candidates.filter((fn) => fn.handlerFile === file);
    what = `function whose handler is defined in ${file}`;
  }
  if (candidates.length === 0) {
    const known = workbench.functions.functions
      .map((fn) => fn.name)
      .slice(0, 12)
      .join(', ');
    throw new Error(
      `there is no ${what} in this workspace${known ? ` (functions found: ${known})` : ' (no functions were found)'}`,
    );
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((fn) => ({
      label: fn.name,
      description: `${fn.runtime} · ${fn.templatePath ?? fn.handlerFile ?? fn.codeDir}`,
      fn,
    })),
    { title: `Debug which function? (${candidates.length} match)`, placeHolder: 'Function' },
  );
  return picked?.fn;
}

/** The event of a debug run, per function: the launch configuration's, else the last one used, else a quick pick. */
export class DebugEvents {
  private readonly last = new Map<string, ChosenEvent>();

  constructor(private readonly workbench: Workbench) {}

  async eventFor(
    fn: FunctionSpec,
    config: LambdaLaunchConfig,
    base: string | undefined,
  ): Promise<ChosenEvent | undefined> {
    const event =
      (await this.fromConfig(config, base)) ??
      this.last.get(fn.id) ??
      (await this.lastSaved(fn)) ??
      (await this.pick(fn));
    if (!event || !(await checkEvent(event))) return undefined;
    this.remember(fn, event);
    return event;
  }

  remember(fn: FunctionSpec, event: ChosenEvent): void {
    this.last.set(fn.id, event);
  }

  private async fromConfig(config: LambdaLaunchConfig, base: string | undefined): Promise<ChosenEvent | undefined> {
    if (config.event !== undefined) return { label: 'launch.json event', json: JSON.stringify(config.event) };
    if (config.eventFile === undefined) return undefined;
    const path = resolve(base ?? '', config.eventFile);
    try {
      return { label: basename(path).replace(/\.json$/i, ''), json: await readFile(path, 'utf8'), path };
    } catch (error) {
      throw new Error(
        `cannot read the event file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** The saved event the Run command used last for this function. */
  private async lastSaved(fn: FunctionSpec): Promise<ChosenEvent | undefined> {
    const name = this.workbench.context.workspaceState.get<string>(`lambdaWorkbench.lastEvent.${fn.id}`);
    if (!name) return undefined;
    const saved = (
      await eventStoreFor(this.workbench, fn)
        .list(fn.name)
        .catch(() => [])
    ).find((event) => event.name === name);
    if (!saved) return undefined;
    return { label: saved.name, json: await readFile(saved.path, 'utf8'), path: saved.path };
  }

  private pick(fn: FunctionSpec): Promise<ChosenEvent | undefined> {
    return pickEvent(fn, eventStoreFor(this.workbench, fn), this.workbench.context.workspaceState);
  }
}
