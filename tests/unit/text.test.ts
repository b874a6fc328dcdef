import { describe, expect, it } from 'vitest';
import { MOBILE_RE, maskName, maskValue, normalizeMobile, toHalfWidth } from '../../src/shared/domain/text';

describe('normalizeMobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-13800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['＋８６　１３８－００１３－８０００', '13800138000'],
    ['(138) 0013.8000', '13800138000'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalizeMobile(raw)).toBe(expected);
    expect(MOBILE_RE.test(normalizeMobile(raw))).toBe(true);
  });

  it('leaves numbers that are not mainland mobiles recognisably invalid', () => {
    expect(MOBILE_RE.test(normalizeMobile('12800138000'))).toBe(false);
    expect(MOBILE_RE.test(normalizeMobile('1380013800'))).toBe(false);
    expect(MOBILE_RE.test(normalizeMobile('021-68881234'))).toBe(false);
  });
});

describe('toHalfWidth', () => {
  it('turns full-width letters, digits, punctuation and the ideographic space into ASCII', () => {
    expect(toHalfWidth('ＡＢＣ１２３＠ｑｑ．ｃｏｍ　Ｘ')).toBe('ABC123@qq.com X');
    expect(toHalfWidth('上海（浦东）')).toBe('上海(浦东)');
  });
});

describe('maskValue', () => {
  it('keeps the first three and last four digits of a phone number', () => {
    expect(maskValue('13800138000')).toBe('138****8000');
    expect(maskValue('021-68881234')).toBe('021****1234');
    expect(maskValue('13800138000')).not.toContain('0013');
  });

  it('keeps only the first letter of an e-mail user and the domain', () => {
    expect(maskValue('zhang.wei@example.cn')).toBe('z***@example.cn');
  });

  it('hides all but the first character of short values', () => {
    expect(maskValue('wx123')).toBe('w****');
    expect(maskValue('a')).toBe('a*');
    expect(maskValue('  ')).toBe('');
  });
});

describe('maskName', () => {
  it('keeps the start and the legal form of a company name', () => {
    const masked = maskName('上海星辰科技有限公司');
    expect(masked).toMatch(/^上海?\*{4}/);
    expect(masked.endsWith('有限公司') || masked.endsWith('公司')).toBe(true);
    expect(masked).not.toContain('星辰');
  });

  it('masks person names down to the surname', () => {
    expect(maskName('张伟')).toBe('张*');
    expect(maskName('欧阳娜娜')).not.toContain('娜娜');
    expect(maskName('王')).toBe('*');
  });
});
