// One bundle's entries: launcher, Node runtime, the built program, its production dependencies and the demo exports.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { msg } from '../../src/i18n/message.js';
import { finalize, walk, type Entry } from './entries.js';
import { readTgz } from './tar.js';
import { packTarball } from './npm.js';
import { CMD_LAUNCHER, SH_LAUNCHER, packageFits, type Platform, NODE_VERSION } from './platforms.js';

interface LockPackage {
  version?: string;
  integrity?: string;
  dev?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

export interface Sources {
  /** The project (package.json, bin/, dist/, metrics/, fixtures/demo, README.md). */
  root: string;
  /** The folder where `npm ci --omit=dev` ran (its node_modules is the base tree). */
  stage: string;
  /** Where packed tarballs go. */
  packDir: string;
}

/** The package.json the bundle carries: enough for `type: module` and for jiceng to find its root and version. */
function bundlePackageJson(root: string): Buffer {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const slim = { name: pkg.name, version: pkg.version, description: pkg.description, type: pkg.type, bin: pkg.bin, engines: pkg.engines, dependencies: pkg.dependencies };
  return Buffer.from(JSON.stringify(slim, null, 2) + '\n');
}

/** Files of an npm tarball ("package/…") placed under `prefix`, with modes normalised. */
function tarballEntries(tgz: Buffer, prefix: string, pick: (path: string) => string | undefined): Entry[] {
  const out: Entry[] = [];
  for (const f of readTgz(tgz)) {
    const to = pick(f.path);
    if (to !== undefined) out.push({ path: `${prefix}/${to}`, type: 'file', mode: f.mode & 0o111 ? 0o755 : 0o644, data: f.data });
  }
  return out;
}

/** The Node runtime (binary and licence) of the platform; the Windows package has no licence file, the Linux one the same text. */
export function runtimeEntries(p: Platform, top: string, packDir: string, licence: () => Buffer): Entry[] {
  const tgz = packTarball(`${p.nodePackage}@${NODE_VERSION}`, p.nodeIntegrity, 'scripts/bundle/platforms.ts', packDir);
  const entries = tarballEntries(tgz, top, (path) => (path === p.nodeBinary ? p.runtimePath : path === 'package/LICENSE' ? 'node/LICENSE' : undefined));
  const binary = entries.find((e) => e.path === `${top}/${p.runtimePath}`);
  if (!binary) throw new Error(`bundle: ${p.nodePackage}@${NODE_VERSION} holds no ${p.nodeBinary}`);
  binary.mode = 0o755;
  if (!entries.some((e) => e.path === `${top}/node/LICENSE`)) entries.push({ path: `${top}/node/LICENSE`, type: 'file', mode: 0o644, data: licence() });
  return entries;
}

/**
 * The production dependencies for the platform: the base install with every platform-specific package
 * (os/cpu/libc in the lockfile) that does not fit the platform left out, and those that fit but are
 * missing from the base packed from the registry and checked against the lockfile's integrity.
 */
export function dependencyEntries(p: Platform, top: string, src: Sources): Entry[] {
  const lock = JSON.parse(readFileSync(join(src.root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  const specific = Object.entries(lock.packages).filter(([path, pkg]) => path.startsWith('node_modules/') && !pkg.dev && (pkg.os || pkg.cpu || pkg.libc));
  const unfit = new Set(specific.filter(([, pkg]) => !packageFits(p, pkg)).map(([path]) => path));
  const entries = walk(join(src.stage, 'node_modules'), `${top}/app/node_modules`, (rel) => {
    const path = `node_modules/${rel}`;
    if (rel === '.bin' || rel.startsWith('.bin/') || rel === '.package-lock.json') return true; // npm's own bookkeeping
    for (const u of unfit) if (path === u || path.startsWith(`${u}/`)) return true;
    return false;
  });
  for (const [path, pkg] of specific) {
    if (unfit.has(path) || existsSync(join(src.stage, path))) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const tgz = packTarball(`${name}@${pkg.version}`, pkg.integrity ?? '', 'package-lock.json', src.packDir);
    entries.push(...tarballEntries(tgz, `${top}/app/${path}`, (f) => (f.startsWith('package/') ? f.slice('package/'.length) : undefined)));
  }
  return entries;
}

/** Everything of the project the bundle needs to run: bin, dist/src (JavaScript only), metrics, demo exports, README. */
export function programEntries(root: string, top: string): Entry[] {
  for (const need of ['bin/jiceng.js', 'dist/src/cli/run.js']) {
    if (!existsSync(join(root, need))) throw new UserError(msg('bundle_build_missing', { path: join(root, need) }), { hint: msg('bundle_build_missing_hint') });
  }
  return [
    { path: `${top}/app/package.json`, type: 'file', mode: 0o644, data: bundlePackageJson(root) },
    { path: `${top}/app/bin/jiceng.js`, type: 'file', mode: 0o755, source: join(root, 'bin', 'jiceng.js') },
    // Only the JavaScript of sources that exist: a stale file left in dist/ by a deleted source stays out.
    ...walk(join(root, 'dist', 'src'), `${top}/app/dist/src`, (rel, isDir) => !isDir && !(rel.endsWith('.js') && existsSync(join(root, 'src', rel.replace(/\.js$/, '.ts'))))),
    ...walk(join(root, 'metrics'), `${top}/app/metrics`),
    ...walk(join(root, 'fixtures', 'demo'), `${top}/app/fixtures/demo`),
    { path: `${top}/README.md`, type: 'file', mode: 0o644, source: join(root, 'README.md') },
  ];
}

export function launcherEntries(p: Platform, top: string): Entry[] {
  return p.os === 'win32'
    ? [{ path: `${top}/jiceng.cmd`, type: 'file', mode: 0o755, data: Buffer.from(CMD_LAUNCHER) }]
    : [{ path: `${top}/jiceng`, type: 'file', mode: 0o755, data: Buffer.from(SH_LAUNCHER) }];
}

/** The path of the platform's DuckDB binding inside the bundle (the bundle is refused without it). */
export function bindingPath(p: Platform, top: string): string {
  return `${top}/app/node_modules/@duckdb/node-bindings-${p.os}-${p.cpu}/duckdb.node`;
}

export function bundleEntries(p: Platform, top: string, src: Sources, licence: () => Buffer): Entry[] {
  const entries = finalize([
    ...launcherEntries(p, top),
    ...runtimeEntries(p, top, src.packDir, licence),
    ...programEntries(src.root, top),
    ...dependencyEntries(p, top, src),
  ]);
  if (!entries.some((e) => e.path === bindingPath(p, top))) throw new UserError(msg('bundle_binding_missing', { platform: p.id, path: bindingPath(p, top) }));
  return entries;
}
