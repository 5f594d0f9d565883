import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DOOR, PUBLIC_ROUTE, ROLES } from '../../../src/common/http/route-access.js';

/** Which front door a route belongs to: the browser (session + CSRF), the API (bearer) or neither (health). */
export type Door = 'web' | 'api' | 'open';

export interface AppRoute {
  /** Upper-case HTTP method. */
  method: string;
  /** The path pattern as the router holds it, e.g. /clients/:id/edit. */
  path: string;
  door: Door;
  /** Marked @Public(): callable signed out. */
  isPublic: boolean;
  /** @Roles(...) on the handler or controller; empty when any signed-in user may call it. */
  roles: string[];
  /** Controller.method, for messages. */
  handler: string;
  /** Path parameter names in order (id, handle, familyId...). */
  params: string[];
}

export interface RawRoute {
  method: string;
  path: string;
}

export interface RouteTable {
  /** Every route a Nest controller serves, joined with its guard metadata. */
  routes: AppRoute[];
  /** Routes the router serves that no controller owns (static files, Swagger UI). */
  unowned: RawRoute[];
}

const TREE_LINE = /^((?:│ {3}| {4})*)(?:├── |└── )(\S*?)(?: \(([^)]*)\))?$/;

/**
 * Every (method, path) Fastify will route, read from its own printRoutes() tree. With commonPrefix off, each
 * node is a literal piece of a route, so a node's path is its ancestors' pieces concatenated. HEAD routes are
 * Fastify's automatic twins of GETs and are left out.
 */
export function routerRoutes(app: NestFastifyApplication): RawRoute[] {
  const tree = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: RawRoute[] = [];
  for (const line of tree.split('\n')) {
    if (!line.trim()) continue;
    const match = TREE_LINE.exec(line);
    if (!match) throw new Error(`route-table: cannot read this line of printRoutes(): ${JSON.stringify(line)}`);
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    const path = `${stack.at(-1) ?? ''}${match[2] ?? ''}`;
    stack.push(path);
    for (const method of (match[3] ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean)) {
      if (method !== 'HEAD') routes.push({ method, path });
    }
  }
  return routes;
}

function asList(value: unknown): string[] {
  if (value === undefined) return [''];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function joinPath(...parts: string[]): string {
  const pieces = parts.map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean);
  return `/${pieces.join('/')}`;
}

/** Routes declared by Nest controllers, with the metadata the guards read (door, @Public, @Roles). */
export function controllerRoutes(app: NestFastifyApplication): AppRoute[] {
  const scanner = new MetadataScanner();
  const routes: AppRoute[] = [];
  const seen = new Set<unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const door = (Reflect.getMetadata(DOOR, controller) as Door | undefined) ?? 'open';
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as object;
        const methodCode = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (methodCode === undefined) continue;
        const isPublic = Boolean(
          Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller),
        );
        const roles =
          ((Reflect.getMetadata(ROLES, handler) ?? Reflect.getMetadata(ROLES, controller)) as string[] | undefined) ??
          [];
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const sub of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
            const path = joinPath(base, sub);
            routes.push({
              method: RequestMethod[methodCode],
              path,
              door,
              isPublic,
              roles,
              handler: `${controller.name}.${name}`,
              params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? ''),
            });
          }
        }
      }
    }
  }
  return routes;
}

export const routeKey = (route: RawRoute): string => `${route.method} ${route.path}`;

/**
 * The app's route table: what the router really serves, each route joined with its controller's metadata.
 * A controller route the router does not serve means this reader is wrong, so it throws rather than skipping.
 */
export function collectRoutes(app: NestFastifyApplication): RouteTable {
  const served = routerRoutes(app);
  const declared = controllerRoutes(app);
  const byKey = new Map(declared.map((route) => [routeKey(route), route]));
  const servedKeys = new Set(served.map(routeKey));
  const missing = declared.filter((route) => !servedKeys.has(routeKey(route)));
  if (missing.length > 0) throw new Error(`route-table: declared but not served: ${missing.map(routeKey).join(', ')}`);
  return {
    routes: served.flatMap((route) => byKey.get(routeKey(route)) ?? []),
    unowned: served.filter((route) => !byKey.has(routeKey(route))),
  };
}

/** A concrete URL for a route pattern: each :param replaced by the value given for it. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`fillPath: no value for :${name} in ${path}`);
    return encodeURIComponent(value);
  });
}
