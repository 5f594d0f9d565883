/**
 * V8 heap bounds for a production web process. Without them V8 sizes the heap to the machine and lets it grow
 * lazily: one process went from 217 MB RSS after boot to 391 MB after three 20 s load runs of /api/v1/auth/me,
 * still climbing. With these it levelled off at 218 MB from the first run on, at the same throughput (issue 11:
 * heap sizing, not a leak; the live heap stays far below the cap). The young generation is 16 MB a semi-space:
 * at 8 MB, 70,000 requests of /api/v1/auth/me took 674 scavenges and 4.1 s of scavenging; at 32 MB, 169 and
 * 2.7 s, for up to 72 MB more RSS. 16 MB sits between. A route that needs more than this is a bug to find, not a
 * reason to raise it.
 */
export const WEB_HEAP_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=16'] as const;

/** The flags above that the operator has not set already (in node's own arguments or NODE_OPTIONS). */
export function webHeapFlags(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = `${execArgv.join(' ')} ${nodeOptions}`;
  return WEB_HEAP_FLAGS.filter((flag) => !given.includes(flag.slice(0, flag.indexOf('='))));
}
