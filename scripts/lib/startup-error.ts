/** A problem the person running a script can fix from the message alone; printed without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}
