// `npm run bundle`: self-contained offline bundles (Node runtime, program, dependencies, demo) with SHA256SUMS.
//   node dist/scripts/bundle.js [--out DIR] [--only linux-x64,linux-arm64,win-x64]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUserError, UserError } from '../src/errors.js';
import { parseLang } from '../src/i18n/index.js';
import { msg, say } from '../src/i18n/message.js';
import { bundleEntries, type Sources } from './bundle/assemble.js';
import { installProduction, packTarball, registryUrl } from './bundle/npm.js';
import { NODE_VERSION, PLATFORMS, type Platform } from './bundle/platforms.js';
import { readTgz, writeTarGz } from './bundle/tar.js';
import { writeZip } from './bundle/zip.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const lang = parseLang(undefined);
const info = (m: ReturnType<typeof msg>): void => void process.stdout.write(say(m, lang) + '\n');

/**
 * One time for every entry of every archive: SOURCE_DATE_EPOCH if set, else the time of the commit
 * being bundled, else a constant. The same commit then gives byte-identical archives.
 */
function fixedTime(): number {
  const env = Number(process.env.SOURCE_DATE_EPOCH);
  if (Number.isInteger(env) && env > 0) return env;
  const git = spawnSync('git', ['log', '-1', '--format=%ct', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const t = Number(git.stdout?.trim());
  return git.status === 0 && Number.isInteger(t) && t > 0 ? t : 1767225600; // 2026-01-01T00:00:00Z
}

function parseArgs(argv: string[]): { out: string; platforms: Platform[] } {
  let out = join(ROOT, 'bundle');
  let platforms = PLATFORMS;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = resolve(argv[++i]);
    else if (argv[i] === '--only') {
      const ids = argv[++i].split(',');
      for (const id of ids) {
        if (!PLATFORMS.some((p) => p.id === id)) throw new UserError(msg('bundle_unknown_platform', { value: id, known: PLATFORMS.map((p) => p.id).join(', ') }));
      }
      platforms = PLATFORMS.filter((p) => ids.includes(p.id));
    }
  }
  return { out, platforms };
}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function main(): Promise<void> {
  const started = Date.now();
  const { out, platforms } = parseArgs(process.argv.slice(2));
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
  const mtime = fixedTime();
  info(msg('bundle_start', { version, node: NODE_VERSION, platforms: platforms.map((p) => p.id).join(', ') }));
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'jiceng-bundle-'));
  try {
    // A clean install of the production dependencies from the lockfile, apart from the developer's node_modules.
    const stage = join(work, 'stage');
    const packDir = join(work, 'packs');
    mkdirSync(stage);
    mkdirSync(packDir);
    copyFileSync(join(ROOT, 'package.json'), join(stage, 'package.json'));
    copyFileSync(join(ROOT, 'package-lock.json'), join(stage, 'package-lock.json'));
    info(msg('bundle_deps', { registry: registryUrl() }));
    installProduction(stage, { os: 'linux', cpu: 'x64', libc: 'glibc' });
    const sources: Sources = { root: ROOT, stage, packDir };

    let licence: Buffer | undefined;
    const nodeLicence = (): Buffer => {
      if (!licence) {
        const linux = PLATFORMS.find((p) => p.id === 'linux-x64')!;
        const tgz = packTarball(`${linux.nodePackage}@${NODE_VERSION}`, linux.nodeIntegrity, 'scripts/bundle/platforms.ts', packDir);
        licence = readTgz(tgz).find((f) => f.path === 'package/LICENSE')?.data ?? Buffer.from('');
      }
      return licence;
    };

    const sums: Array<{ name: string; hash: string }> = [];
    for (const p of platforms) {
      const t0 = Date.now();
      const top = `jiceng-${version}-${p.id}`;
      const entries = bundleEntries(p, top, sources, nodeLicence);
      const licenceEntry = entries.find((e) => e.path === `${top}/node/LICENSE`);
      if (licenceEntry?.data && p.os === 'linux') licence ??= licenceEntry.data;
      const file = join(out, `${top}.${p.archive}`);
      if (p.archive === 'zip') writeZip(file, entries, mtime);
      else await writeTarGz(file, entries, mtime);
      sums.push({ name: `${top}.${p.archive}`, hash: await sha256(file) });
      info(msg('bundle_written', { platform: p.id, file, size: (statSync(file).size / 1e6).toFixed(1), seconds: ((Date.now() - t0) / 1000).toFixed(1) }));
      rmSync(packDir, { recursive: true, force: true }); // the runtime tarballs are large; npm's cache keeps them
      mkdirSync(packDir);
    }
    const sumsFile = join(out, 'SHA256SUMS');
    // The format `sha256sum -c` reads: hash, two spaces, file name; in name order.
    sums.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    writeFileSync(sumsFile, sums.map((s) => `${s.hash}  ${s.name}\n`).join(''));
    info(msg('bundle_sums', { file: sumsFile }));
    info(msg('bundle_done', { seconds: ((Date.now() - started) / 1000).toFixed(1) }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  if (isUserError(e)) {
    process.stderr.write(`jiceng bundle: ${e.msg ? say(e.msg, lang) : e.message}\n`);
    if (e.hintMsg || e.hint) process.stderr.write(`hint: ${e.hintMsg ? say(e.hintMsg, lang) : e.hint}\n`);
  } else {
    process.stderr.write(`jiceng bundle: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  process.exitCode = 1;
});
