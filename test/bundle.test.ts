// The offline bundles: built from the registry once, then unpacked and run with no registry and no node on the PATH.
// Building needs the npm registry (CI has it). If it cannot be built the suite fails and says why; it never skips.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { ROOT, tmp } from './helpers.js';

const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
const BUNDLER = join(ROOT, 'dist', 'scripts', 'bundle.js');
const MINUTES = 60_000;

const work = tmp('jiceng-bundle-test-');
const first = join(work, 'first');
const second = join(work, 'second');

/** Runs `npm run bundle`'s program into a folder; a failure rejects with the bundler's own explanation. */
function buildInto(out: string): Promise<{ seconds: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLER, '--out', out], { cwd: ROOT, env: { ...process.env, JICENG_LANG: 'en' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => child.kill(), 14 * MINUTES);
    child.on('error', (e) => reject(e));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ seconds: (Date.now() - t0) / 1000 });
      else reject(new Error(`the offline bundles could not be built into ${out} (exit ${code}):\n${text}`));
    });
  });
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Whether the bytes start an ELF 64-bit little-endian executable for the given machine (e_machine). */
function elfMachine(bytes: Buffer): number | undefined {
  if (bytes.subarray(0, 4).toString('latin1') !== '\x7fELF' || bytes[4] !== 2 || bytes[5] !== 1) return undefined;
  return bytes.readUInt16LE(18);
}

/** The machine field of a PE file: "MZ", then "PE\0\0" at e_lfanew, then the machine. */
function peMachine(bytes: Buffer): number | undefined {
  if (bytes.subarray(0, 2).toString('latin1') !== 'MZ') return undefined;
  const pe = bytes.readUInt32LE(0x3c);
  if (bytes.subarray(pe, pe + 4).toString('latin1') !== 'PE\0\0') return undefined;
  return bytes.readUInt16LE(pe + 4);
}

const EM_AARCH64 = 0xb7;
const IMAGE_FILE_MACHINE_AMD64 = 0x8664;

// Two independent builds (own staging folders, own output), run side by side to save time; the last
// test compares them.
let builds: Array<{ seconds: number }> = [];
beforeAll(async () => {
  builds = await Promise.all([buildInto(first), buildInto(second)]);
  console.log(`bundles built twice, side by side, in ${Math.max(...builds.map((b) => b.seconds)).toFixed(0)} s`);
}, 15 * MINUTES);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run bundle', () => {
  it('writes the three archives and their SHA256SUMS, in the format sha256sum -c reads', () => {
    const names = [`jiceng-${VERSION}-linux-arm64.tar.gz`, `jiceng-${VERSION}-linux-x64.tar.gz`, `jiceng-${VERSION}-win-x64.zip`];
    expect(readdirSync(first).sort()).toEqual(['SHA256SUMS', ...names].sort());
    const sums = readFileSync(join(first, 'SHA256SUMS'), 'utf8');
    expect(sums).toBe(names.map((n) => `${sha256(join(first, n))}  ${n}\n`).join(''));
    // and the tool itself agrees, where it is installed (coreutils)
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: first, encoding: 'utf8' });
    if (!check.error) expect(check.stdout).toBe(names.map((n) => `${n}: OK\n`).join(''));
    for (const n of names) console.log(`${n}: ${(statSync(join(first, n)).size / 1e6).toFixed(1)} MB`);
  });

  it('linux-x64: unpacked into an empty folder, `jiceng demo` writes both reports with no registry and a PATH whose node fails', () => {
    const dir = tmp('jiceng-unpack-');
    try {
      const unpack = spawnSync('tar', ['-xzf', join(first, `jiceng-${VERSION}-linux-x64.tar.gz`)], { cwd: dir, encoding: 'utf8' });
      expect(unpack.stderr).toBe('');
      expect(unpack.status).toBe(0);
      const top = `jiceng-${VERSION}-linux-x64`;
      expect(readdirSync(dir)).toEqual([top]);
      expect(statSync(join(dir, top, 'jiceng')).mode & 0o777).toBe(0o755);

      // A `node`, `npm` and `npx` that fail loudly if anything calls them instead of the bundled runtime.
      const fake = join(dir, 'fakebin');
      mkdirSync(fake);
      for (const name of ['node', 'npm', 'npx']) {
        writeFileSync(join(fake, name), `#!/bin/sh\necho "system ${name} was called" >&2\nexit 1\n`);
        chmodSync(join(fake, name), 0o755);
      }
      const cwd = join(dir, 'elsewhere');
      mkdirSync(cwd);
      const env = {
        PATH: `${fake}:/usr/bin:/bin`,
        HOME: dir,
        TZ: 'Asia/Shanghai',
        NO_COLOR: '1',
        npm_config_registry: 'http://127.0.0.1:9',
      };
      const out = join(dir, 'reports');
      const r = spawnSync(join('..', top, 'jiceng'), ['demo', '--out', out, '--lang', 'en'], { cwd, env, encoding: 'utf8', timeout: 5 * MINUTES });
      expect(r.stderr).not.toContain('was called');
      expect(r.status, r.stderr).toBe(0);
      const files = readdirSync(out);
      expect(files).toContain('demo-workspace');
      expect(files.filter((f) => f.endsWith('_en.xlsx'))).toHaveLength(1);
      expect(files.filter((f) => f.endsWith('_en.html'))).toHaveLength(1);
      expect(statSync(join(out, files.find((f) => f.endsWith('_en.html'))!)).size).toBeGreaterThan(10_000);

      // The next-step hint names this launcher as it was typed, and works when typed again from the same folder.
      const hint = r.stderr.split('\n').find((l) => l.startsWith('Explore: '));
      expect(hint).toBe(`Explore: ../${top}/jiceng status --rejects -w ${join(out, 'demo-workspace')}`);
      const again = spawnSync('/bin/sh', ['-c', hint!.slice('Explore: '.length) + ' --lang en'], { cwd, env, encoding: 'utf8' });
      expect(again.stderr).not.toContain('was called');
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toContain('cases');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 8 * MINUTES);

  it('linux-arm64: an AArch64 Node runtime, the linux-arm64 DuckDB binding and the sh launcher', () => {
    const dir = tmp('jiceng-arm-');
    try {
      const top = `jiceng-${VERSION}-linux-arm64`;
      const r = spawnSync('tar', ['-xzf', join(first, `${top}.tar.gz`), `${top}/jiceng`, `${top}/node`, `${top}/app/node_modules/@duckdb`], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const head = (p: string) => readFileSync(join(dir, top, p)).subarray(0, 4096);
      expect(elfMachine(head('node/bin/node'))).toBe(EM_AARCH64);
      expect(statSync(join(dir, top, 'node/bin/node')).mode & 0o777).toBe(0o755);
      expect(readdirSync(join(dir, top, 'app/node_modules/@duckdb')).sort()).toEqual(['node-api', 'node-bindings', 'node-bindings-linux-arm64']);
      expect(elfMachine(head('app/node_modules/@duckdb/node-bindings-linux-arm64/duckdb.node'))).toBe(EM_AARCH64);
      const launcher = readFileSync(join(dir, top, 'jiceng'), 'utf8');
      expect(launcher.startsWith('#!/bin/sh\n')).toBe(true);
      expect(launcher).toContain('exec "$here/node/bin/node" "$here/app/bin/jiceng.js" "$@"');
      expect(statSync(join(dir, top, 'jiceng')).mode & 0o777).toBe(0o755);
      expect(existsSync(join(dir, top, 'node/LICENSE'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 3 * MINUTES);

  it('win-x64: an x64 PE Node runtime, the win32-x64 DuckDB binding and jiceng.cmd, all under one folder', async () => {
    const top = `jiceng-${VERSION}-win-x64`;
    const zip = await JSZip.loadAsync(readFileSync(join(first, `${top}.zip`)));
    const names = Object.keys(zip.files);
    expect(names.every((n) => n.startsWith(`${top}/`))).toBe(true);
    expect(names.filter((n) => n.includes('/@duckdb/node-bindings-') && n.endsWith('/duckdb.node'))).toEqual([`${top}/app/node_modules/@duckdb/node-bindings-win32-x64/duckdb.node`]);
    const runtime = await zip.file(`${top}/node/node.exe`)!.async('nodebuffer');
    expect(peMachine(runtime)).toBe(IMAGE_FILE_MACHINE_AMD64);
    const binding = await zip.file(`${top}/app/node_modules/@duckdb/node-bindings-win32-x64/duckdb.node`)!.async('nodebuffer');
    expect(peMachine(binding)).toBe(IMAGE_FILE_MACHINE_AMD64);
    const cmd = await zip.file(`${top}/jiceng.cmd`)!.async('string');
    expect(cmd).toContain('"%~dp0node\\node.exe" "%~dp0app\\bin\\jiceng.js" %*\r\n');
    expect(cmd.split('\r\n').length).toBeGreaterThan(3);
    expect(cmd.replace(/\r\n/g, '')).not.toContain('\n'); // CRLF throughout, as cmd.exe expects
    expect(zip.file(`${top}/jiceng`)).toBeNull();
    // the demo exports, with their Chinese names intact
    expect(zip.file(`${top}/app/fixtures/demo/案件台账_2026Q3.xlsx`)).not.toBeNull();
  }, 3 * MINUTES);

  it('gives byte-identical archives when built again from the same commit', () => {
    expect(builds).toHaveLength(2);
    expect(readFileSync(join(second, 'SHA256SUMS'), 'utf8')).toBe(readFileSync(join(first, 'SHA256SUMS'), 'utf8'));
    for (const name of readdirSync(first)) expect(sha256(join(second, name)), name).toBe(sha256(join(first, name)));
  });
});
