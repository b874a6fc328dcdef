import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { shared } from '../../src/shared/i18n';
import { describeError } from '../../src/renderer/src/lib/errors';

// The renderer's error sentence for what the local API answers ({appCode, params} in data).
const t = (lng: 'zh-CN' | 'en') => {
  const i = i18next.createInstance();
  void i.init({ lng, resources: { [lng]: { translation: shared[lng] } }, interpolation: { escapeValue: false }, initAsync: false });
  return i.t;
};
const refused = (appCode: string, params?: Record<string, unknown>) => ({ data: { appCode, params } });

describe('describeError', () => {
  it('says when to retry after a rate limit, in both languages', () => {
    expect(describeError(t('zh-CN'), refused('RATE_LIMITED', { retryAfter: 42 }))).toBe('操作过于频繁，请在 42 秒后重试');
    expect(describeError(t('en'), refused('RATE_LIMITED', { retryAfter: 7 }))).toBe('Too many requests. Try again in 7 s');
  });

  it('falls back to the general sentence when the wait is unknown', () => {
    expect(describeError(t('zh-CN'), refused('RATE_LIMITED'))).toBe(shared['zh-CN'].errors.RATE_LIMITED);
  });

  it('names the last-administrator rule and the two-factor answers', () => {
    expect(describeError(t('en'), refused('LAST_ADMIN'))).toMatch(/administrator/);
    expect(describeError(t('zh-CN'), refused('TWO_FACTOR_CODE_USED'))).toContain('已使用');
  });
});
