import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode } from '../../src/shared/domain/credit-code';

// Codes of real, registered companies (published on their licences).
const REAL = [
  '914403001922038216', // 华为技术有限公司
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '91330100799655058B', // 阿里巴巴(中国)有限公司
  '91350100M000100Y43',
];
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('统一社会信用代码 check character', () => {
  it('accepts real codes and computes their check character', () => {
    for (const code of REAL) {
      expect(isValidCreditCode(code)).toBe(true);
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    }
  });

  it('refuses a wrong check character, the wrong length, lower case and letters outside the alphabet', () => {
    expect(isValidCreditCode('914403001922038217')).toBe(false);
    expect(isValidCreditCode('91440300192203821')).toBe(false);
    expect(isValidCreditCode('9144030019220382160')).toBe(false);
    expect(isValidCreditCode('91440300708461136t')).toBe(false);
    // I, O, S, V, Z are never used (they look like digits)
    for (const bad of 'IOSVZ') expect(isValidCreditCode(`9144030019220382${bad}6`)).toBe(false);
    expect(isValidCreditCode('')).toBe(false);
    expect(creditCodeCheckChar('9144030019220382')).toBeNull();
    expect(creditCodeCheckChar('91440300192203821I')).toBeNull();
  });

  it('detects any single mistyped character', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REAL),
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...ALPHABET),
        (code, pos, replacement) => {
          fc.pre(code[pos] !== replacement);
          const typo = code.slice(0, pos) + replacement + code.slice(pos + 1);
          expect(isValidCreditCode(typo)).toBe(false);
        },
      ),
    );
  });

  it('makes any 17 characters from the alphabet into a valid code', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { minLength: 17, maxLength: 17 }), (chars) => {
        const first17 = chars.join('');
        expect(isValidCreditCode(first17 + creditCodeCheckChar(first17))).toBe(true);
      }),
    );
  });
});
