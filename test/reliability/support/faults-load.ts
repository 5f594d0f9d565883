import { rawClient } from '../../helpers/database.js';
import { http, type HttpAnswer } from './races-http.js';
import { webLogin } from './faults-web-session.js';

/**
 * A bounded loop of mixed requests around one injected fault, and the verdict on how the app lived through
 * it: 503 (never 401, a hang or a 500) while the fault lasts, recovery without a restart, and no lost write.
 */

/** Not a performance bound: a request slower than this is waiting out the outage, which is a hang. */
export const HANG_MS = 5_000;
/** How soon after the store is back every kind of request must succeed again. */
export const RECOVERY_MS = 5_000;

export type Kind = 'api-read' | 'web-page' | 'api-login' | 'web-login' | 'api-write';
export const KINDS: Kind[] = [
  'api-read',
  'web-page',
  'api-write',
  'api-login',
  'api-read',
  'web-page',
  'api-write',
  'web-login',
];

export interface Credentials {
  email: string;
  password: string;
  token: string;
  /** A signed-in web session's cookie header. */
  cookie: string;
}

export interface FaultReport {
  fault: string;
  requests: number;
  serverErrors: number;
  nonProblemErrors: number;
  /** What went wrong, one line per kind of incident with a count and an example. */
  incidents: Record<string, { count: number; example: string }>;
  /** Longest time from restore to the first success, over every kind of request (Infinity: never). */
  recoveryMs: number;
  acknowledgedWrites: number;
  lostWrites: string[];
}

type Phase = 'before' | 'during' | 'after';

export interface FaultControl {
  name: string;
  cut(): void;
  restore(): void;
}

/** One request of the given kind with the real user's credentials. Writes name themselves for the SQL check. */
async function send(
  baseUrl: string,
  kind: Kind,
  who: Credentials,
  n: number,
): Promise<{ answer: HttpAnswer; writeName?: string }> {
  const timeoutMs = HANG_MS;
  switch (kind) {
    case 'api-read':
      return { answer: await http(baseUrl, 'GET', '/api/v1/clients', { token: who.token, timeoutMs }) };
    case 'web-page':
      return { answer: await http(baseUrl, 'GET', '/clients', { cookie: who.cookie, timeoutMs }) };
    case 'api-login':
      return {
        answer: await http(baseUrl, 'POST', '/api/v1/auth/login', {
          body: { email: who.email, password: who.password },
          timeoutMs,
        }),
      };
    case 'web-login':
      return { answer: (await webLogin(baseUrl, who.email, who.password, timeoutMs)).answer };
    case 'api-write': {
      const writeName = `Fault write ${n} ${Date.now()}`;
      return {
        answer: await http(baseUrl, 'POST', '/api/v1/clients', {
          token: who.token,
          body: { name: writeName },
          timeoutMs,
        }),
        writeName,
      };
    }
  }
}

const isSuccess = (kind: Kind, a: HttpAnswer) =>
  kind === 'web-login'
    ? a.status === 303 && !String(a.headers?.get('location')).startsWith('/login')
    : a.status >= 200 && a.status < 300;
const isApi = (kind: Kind) => kind.startsWith('api-');

/** Whether an answer is right for when it was sent: success outside the fault, success or 503 while it lasts. */
function judge(
  kind: Kind,
  phase: Phase,
  recovered: boolean,
  a: HttpAnswer,
): { incident?: string; serverError?: boolean; nonProblem?: boolean } {
  if (a.status === 0)
    return {
      incident: a.error === 'timeout' ? `hang (> ${HANG_MS} ms) on ${kind}` : `no answer on ${kind}: ${a.error}`,
    };
  if (isSuccess(kind, a)) return {};
  if (a.status === 503) {
    if (phase === 'before' || (phase === 'after' && recovered)) return { incident: `503 on ${kind} with the store up` };
    if (isApi(kind) && !a.contentType.startsWith('application/problem+json'))
      return { nonProblem: true, incident: `503 on ${kind} not problem+json` };
    if (!isApi(kind) && !a.contentType.startsWith('text/html')) return { incident: `503 on ${kind} not an HTML page` };
    if (isApi(kind) && !a.headers?.get('retry-after')) return { incident: `503 on ${kind} without Retry-After` };
    return {};
  }
  if (a.status >= 500) return { serverError: true, incident: `${a.status} on ${kind}` };
  if (a.status === 401 || a.status === 403) return { incident: `${a.status} on ${kind}: signed out by the fault` };
  if (a.status === 429) return { incident: `429 on ${kind}: the real user throttled` };
  if (a.status === 303 || a.status === 302)
    return { incident: `${a.status} to ${a.headers?.get('location')} on ${kind}: signed out by the fault` };
  return { incident: `${a.status} on ${kind}` };
}

/**
 * Runs `workers` loops of mixed requests: `beforeMs` of normal traffic, the fault for `faultMs`, then traffic
 * until every kind of request has succeeded again (or RECOVERY_MS + 2 s passed), plus `settleMs`.
 */
export async function runFault(
  baseUrl: string,
  who: Credentials,
  fault: FaultControl,
  opts: { beforeMs?: number; faultMs?: number; settleMs?: number; workers?: number } = {},
): Promise<FaultReport> {
  const { beforeMs = 1_500, faultMs = 10_000, settleMs = 1_500, workers = 4 } = opts;
  const report: FaultReport = {
    fault: fault.name,
    requests: 0,
    serverErrors: 0,
    nonProblemErrors: 0,
    incidents: {},
    recoveryMs: Infinity,
    acknowledgedWrites: 0,
    lostWrites: [],
  };
  const acknowledged: string[] = [];
  const firstSuccessAfterRestore = new Map<Kind, number>();
  let phase: Phase = 'before';
  let restoredAt = 0;
  let stop = false;
  let n = 0;
  const note = (incident: string, example: string) => {
    const entry = (report.incidents[incident] ??= { count: 0, example });
    entry.count += 1;
  };
  const recovered = () => firstSuccessAfterRestore.size === new Set(KINDS).size;

  const loop = async () => {
    while (!stop) {
      const kind = KINDS[n % KINDS.length] as Kind;
      n += 1;
      const startPhase = phase;
      const sentAt = Date.now();
      const { answer, writeName } = await send(baseUrl, kind, who, n);
      const endPhase = phase;
      report.requests += 1;
      if (writeName && answer.status === 201) acknowledged.push(writeName);
      // A request that saw any of the fault is judged as "during"; one sent after recovery as "after".
      const judgedPhase: Phase =
        startPhase === 'after' ? 'after' : startPhase === 'during' || endPhase !== 'before' ? 'during' : 'before';
      const verdict = judge(
        kind,
        judgedPhase,
        judgedPhase === 'after' && recovered() && sentAt > restoredAt + RECOVERY_MS,
        answer,
      );
      if (verdict.serverError) report.serverErrors += 1;
      if (verdict.nonProblem) report.nonProblemErrors += 1;
      if (verdict.incident)
        note(verdict.incident, `${kind} → ${answer.status} ${answer.error ?? ''} ${answer.text.slice(0, 160)}`);
      if (startPhase === 'after' && isSuccess(kind, answer) && !firstSuccessAfterRestore.has(kind))
        firstSuccessAfterRestore.set(kind, Date.now() - restoredAt);
    }
  };

  const running = Array.from({ length: workers }, loop);
  await sleep(beforeMs);
  // Writes in flight at the very moment of the cut: the case that can strand a pooled connection mid-transaction.
  const burst = Array.from({ length: 8 }, async () => {
    n += 1;
    const { answer, writeName } = await send(baseUrl, 'api-write', who, n);
    report.requests += 1;
    if (writeName && answer.status === 201) acknowledged.push(writeName);
    const verdict = judge('api-write', 'during', false, answer);
    if (verdict.serverError) report.serverErrors += 1;
    if (verdict.nonProblem) report.nonProblemErrors += 1;
    if (verdict.incident)
      note(
        verdict.incident,
        `api-write at the cut → ${answer.status} ${answer.error ?? ''} ${answer.text.slice(0, 160)}`,
      );
  });
  await sleep(15);
  fault.cut();
  phase = 'during';
  await sleep(faultMs);
  fault.restore();
  restoredAt = Date.now();
  phase = 'after';
  const deadline = restoredAt + RECOVERY_MS + 2_000;
  while (!recovered() && Date.now() < deadline) await sleep(100);
  await sleep(settleMs);
  stop = true;
  await Promise.all([...running, ...burst]);

  if (recovered()) report.recoveryMs = Math.max(...firstSuccessAfterRestore.values());
  if (report.recoveryMs > RECOVERY_MS)
    note(
      `no recovery within ${RECOVERY_MS} ms`,
      `recovered: ${JSON.stringify(Object.fromEntries(firstSuccessAfterRestore))}`,
    );
  report.acknowledgedWrites = acknowledged.length;
  report.lostWrites = await missingClients(acknowledged);
  if (report.lostWrites.length > 0) note('acknowledged write lost', report.lostWrites[0] ?? '');
  return report;
}

/** The names among `names` with no client row, read straight from PostgreSQL (not through the proxy). */
export async function missingClients(names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const db = await rawClient();
  try {
    const found = new Set(
      (await db.query('select name from clients where name = any($1)', [names])).rows.map((r) => r.name as string),
    );
    return names.filter((name) => !found.has(name));
  } finally {
    await db.end();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
