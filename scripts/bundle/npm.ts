// The registry work of the bundler, through npm itself: a clean production install, and single packages packed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { msg } from '../../src/i18n/message.js';

/** npm's registry for error messages (npm itself reads npm_config_registry and .npmrc). */
export function registryUrl(): string {
  const r = spawnSync(npmBin(), ['config', 'get', 'registry'], { encoding: 'utf8', shell: process.platform === 'win32' });
  return r.status === 0 ? r.stdout.trim() : process.env.npm_config_registry ?? 'https://registry.npmjs.org/';
}

function npmBin(): string {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET|ENETUNREACH|EHOSTUNREACH|network request .* failed|request to \S+ failed/i;

/** Runs npm; a failure says whether the registry could not be reached or npm failed otherwise. */
export function npm(args: string[], cwd: string): string {
  const r = spawnSync(npmBin(), args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });
  if (r.status === 0) return r.stdout;
  const text = `${r.stderr ?? ''}\n${r.stdout ?? ''}${r.error ? `\n${r.error.message}` : ''}`;
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const detail = lines.find((l) => UNREACHABLE.test(l)) ?? lines.find((l) => /npm (error|ERR!)/.test(l) && !/A complete log/.test(l)) ?? lines[0] ?? 'no output';
  if (UNREACHABLE.test(text)) {
    throw new UserError(msg('bundle_registry_unreachable', { registry: registryUrl(), detail }), { hint: msg('bundle_registry_unreachable_hint') });
  }
  throw new UserError(msg('bundle_npm_failed', { command: args[0], code: r.status ?? -1, detail }));
}

/** The production dependencies exactly as the lockfile pins them, for one os/cpu/libc, without running any script. */
export function installProduction(stage: string, target: { os: string; cpu: string; libc?: string }): void {
  const flags = [`--os=${target.os}`, `--cpu=${target.cpu}`, ...(target.libc ? [`--libc=${target.libc}`] : [])];
  npm(['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', ...flags], stage);
}

export function integrityOf(data: Buffer): string {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`;
}

/** Fetches one package's tarball (from npm's cache when it is there) and checks it against the expected integrity. */
export function packTarball(spec: string, expectedIntegrity: string, source: string, dir: string): Buffer {
  const out = npm(['pack', spec, '--json', '--pack-destination', dir], dir);
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
  const data = readFileSync(join(dir, info.filename));
  if (integrityOf(data) !== expectedIntegrity) throw new UserError(msg('bundle_integrity_mismatch', { package: spec, source }));
  return data;
}
