// The tool's version, read once from package.json so reports and manifests can cite it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

function findPackageJson(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'package.json');
    try {
      const pkg = JSON.parse(readFileSync(p, 'utf8'));
      if (pkg.name === 'jiceng') return pkg.version as string;
    } catch {
      // keep climbing
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

export const TOOL_VERSION = findPackageJson();

/** The project's root folder (where metrics/ and fixtures/ live), whether run from src or dist. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'jiceng') return dir;
    } catch {
      // keep climbing
    }
    dir = dirname(dir);
  }
  return process.cwd();
}
