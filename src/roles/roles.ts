// The roles one Code4me process can play, what each needs, and how the command line picks them.
import type { ServiceName } from '../platform/local-services.js';

export const ROLE_NAMES = ['api', 'inference', 'projections', 'ui'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export interface RunningRole {
  role: RoleName;
  /** Where it can be reached or what it serves, for the startup log. */
  description: string;
  /** Base URL of an HTTP role (the api, the ui). */
  url?: string;
  close(): Promise<void>;
}

/** The backing services each role talks to. */
export const ROLE_SERVICES: Record<RoleName, readonly ServiceName[]> = {
  api: ['nats', 'postgres', 'redis'],
  inference: ['nats'],
  projections: ['nats', 'postgres'],
  ui: [],
};

export const USAGE = `usage: tsx src/main.ts [all | ${ROLE_NAMES.join(' | ')} ...]
  all          every role in one process (the default; what \`npm start\` runs)
  api          the plugin's HTTP API
  inference    model workers answering completion requests over NATS
  projections  workers that write the PostgreSQL read models from the event stream
  ui           the dashboard (ui/, built when missing or stale), calling the API over HTTP`;

export type RoleArgs = { ok: true; roles: RoleName[] } | { ok: false; message: string };

/** Roles named on the command line, in start order; none or `all` means every role. */
export function parseRoleArgs(args: readonly string[]): RoleArgs {
  if (args.some((a) => a === '-h' || a === '--help')) return { ok: false, message: USAGE };
  const unknown = args.filter((a) => a !== 'all' && !(ROLE_NAMES as readonly string[]).includes(a));
  if (unknown.length > 0) return { ok: false, message: `unknown role: ${unknown.join(', ')}\n${USAGE}` };
  const all = args.length === 0 || args.includes('all');
  return { ok: true, roles: ROLE_NAMES.filter((r) => all || args.includes(r)) };
}

/** Every backing service the given roles need, each once, in a fixed order. */
export function servicesFor(roles: readonly RoleName[]): ServiceName[] {
  const needed = new Set(roles.flatMap((r) => ROLE_SERVICES[r]));
  return (['nats', 'postgres', 'redis'] as const).filter((s) => needed.has(s));
}
