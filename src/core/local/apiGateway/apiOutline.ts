import type { FunctionSpec } from '../../model';
import { templateApiSettings } from './apiSettings';
import type { RouteAuth } from './auth/types';
import { declaredApis } from './declared/declaredApis';

/** A route as the Functions tree shows it: method, path, the function it reaches and its authorizer kind. */
export interface RouteOutline {
  method: string;
  path: string;
  functionName: string;
  functionId: string;
  auth: RouteAuth['kind'];
  apiKeyRequired: boolean;
  payloadFormatVersion: '1.0' | '2.0';
}

/** An API as the Functions tree shows it, under the template that declares it (the root one for nested stacks). */
export interface ApiOutline {
  key: string;
  name: string;
  kind: 'rest' | 'http';
  /** The template the API is shown under. */
  template: string;
  stage: string;
  declaredBy: string;
  routes: RouteOutline[];
}

/**
 * The APIs of the functions' templates, without serving them: what start-api would serve. A template the local API
 * could not serve gives its reason instead, so the tree can show it.
 */
export function outlineApis(functions: FunctionSpec[]): { apis: ApiOutline[]; error?: string } {
  try {
    const { apis } = declaredApis(functions, templateApiSettings());
    return {
      apis: apis.map((api) => ({
        key: api.key,
        name: api.name,
        kind: api.kind,
        template: api.key.slice(0, api.key.indexOf('|')),
        stage: api.settings.stage,
        declaredBy: api.declaredBy,
        routes: api.routes.map((r) => ({
          method: r.method,
          path: r.path,
          functionName: r.fn.name,
          functionId: r.fn.id,
          auth: r.auth.kind,
          apiKeyRequired: r.apiKeyRequired,
          payloadFormatVersion: r.payloadFormatVersion,
        })),
      })),
    };
  } catch (error) {
    return { apis: [], error: error instanceof Error ? error.message : String(error) };
  }
}
