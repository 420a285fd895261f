// The message catalog: every code has both texts, and both name the same parameters.
import { describe, it, expect } from 'vitest';
import { CATALOG } from '../src/i18n/catalog/index.js';
import { msg, paramsOf, say } from '../src/i18n/message.js';

describe('CATALOG', () => {
  it('gives every code a zh and an en text naming the same parameters', () => {
    for (const [code, entry] of Object.entries(CATALOG)) {
      expect(code, code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(entry.zh.trim(), code).not.toBe('');
      expect(entry.en.trim(), code).not.toBe('');
      expect(paramsOf(entry.zh).sort(), code).toEqual(paramsOf(entry.en).sort());
    }
  });
});

describe('say', () => {
  it('fills the parameters in the chosen language', () => {
    expect(say(msg('internal_error', { detail: 'x' }), 'zh')).toBe('内部错误：x');
    expect(say(msg('internal_error', { detail: 'x' }), 'en')).toBe('internal error: x');
  });
});
