// Messages of the offline-bundle builder (scripts/bundle.ts, `npm run bundle`).
import type { Entry } from '../message.js';

export const BUNDLE = {
  bundle_start: { zh: '正在打包 jiceng {version}（Node {node}）：{platforms}', en: 'Bundling jiceng {version} with Node {node}: {platforms}' },
  bundle_deps: { zh: '正在获取生产依赖（npm ci，仓库 {registry}）…', en: 'Fetching the production dependencies (npm ci, registry {registry})…' },
  bundle_written: { zh: '{platform}：{file}，{size} MB，用时 {seconds} 秒', en: '{platform}: {file}, {size} MB, {seconds} s' },
  bundle_sums: { zh: '校验和：{file}', en: 'Checksums: {file}' },
  bundle_done: { zh: '完成，共用时 {seconds} 秒', en: 'Done in {seconds} s' },
  bundle_registry_unreachable: { zh: '无法连接 npm 仓库 {registry}：{detail}', en: 'cannot reach the npm registry {registry}: {detail}' },
  bundle_registry_unreachable_hint: {
    zh: '打包需要能访问 npm 仓库（或用 npm_config_registry 指向内网镜像）；解压后的离线包运行时不需要联网',
    en: 'building the bundles needs the npm registry (or a mirror, via npm_config_registry); running an unpacked bundle needs no network',
  },
  bundle_npm_failed: { zh: 'npm {command} 失败（退出码 {code}）：{detail}', en: 'npm {command} failed (exit code {code}): {detail}' },
  bundle_integrity_mismatch: {
    zh: '{package} 的安装包与 {source} 中记录的校验值不符，已拒绝使用',
    en: 'the tarball of {package} does not match the integrity recorded in {source}; refused',
  },
  bundle_binding_missing: { zh: '{platform} 离线包中缺少 DuckDB 绑定 {path}', en: 'the {platform} bundle lacks the DuckDB binding {path}' },
  bundle_unknown_platform: { zh: '未知平台 {value}；可选：{known}', en: 'unknown platform {value}; choose from {known}' },
  bundle_build_missing: { zh: '找不到编译后的程序 {path}', en: 'the built program {path} is missing' },
  bundle_build_missing_hint: { zh: '先运行 `npm run build`（`npm run bundle` 会自动编译）', en: 'run `npm run build` first (`npm run bundle` builds it for you)' },
} satisfies Record<string, Entry>;
