import { checkDeploy } from '../src/config/deploy-check.js';
import { probeDeployFacts } from '../src/config/deploy-probes.js';
import { EnvValidationError, loadEnv } from '../src/config/env.schema.js';

/**
 * `npm run check:deploy`: checks the environment it runs in (the production one, before a deploy) against
 * src/config/deploy-check.ts, looking at the real Redis and PostgreSQL. Prints each problem as one sentence;
 * exits 1 on any refusal, 0 otherwise (warnings alone do not fail it). The same rules run at boot of both
 * processes when NODE_ENV=production.
 */
async function main(): Promise<number> {
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (!(error instanceof EnvValidationError)) throw error;
    for (const problem of error.problems) console.error(`refused: ${problem}.`);
    return 1;
  }
  // Here an unreachable store is a refusal: a check that could not look has not passed.
  const report = checkDeploy(await probeDeployFacts(env), { requireProbes: true });
  for (const warning of report.warnings) console.warn(`warning: ${warning}`);
  for (const refusal of report.refusals) console.error(`refused: ${refusal}`);
  if (report.refusals.length > 0) {
    console.error(
      `Deploy check failed: ${report.refusals.length} problem${report.refusals.length === 1 ? '' : 's'} to fix.`,
    );
    return 1;
  }
  console.log(`Deploy check passed${report.warnings.length > 0 ? ` with ${report.warnings.length} warning(s)` : ''}.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Deploy check could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
