import { describe, expect, it } from 'vitest';
import { checkCreditCode, companyNameKey } from './customers.identity';

describe('company identity', () => {
  it('folds company names so duplicates meet', () => {
    const a = companyNameKey('上海华东电子有限公司');
    expect(companyNameKey('上海华东电子 有限责任公司')).toBe(a);
    expect(companyNameKey('上海华东电子（有限公司）')).toBe(a);
    expect(companyNameKey('上海ＨＤ电子有限公司')).toBe(companyNameKey('上海HD电子有限公司'));
    expect(companyNameKey('Acme Trading Co., Ltd.')).toBe('acmetrading');
    expect(companyNameKey('ACME TRADING CO.,LTD')).toBe('acmetrading');
    expect(companyNameKey('Acme Trading Limited')).toBe('acmetrading');
    expect(companyNameKey('公司')).toBe('公司');
  });
  it('checks GB 32100-2015 credit codes', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true });
    expect(checkCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'checksum' });
    expect(checkCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'format' });
    expect(checkCreditCode('9135010OM000100Y43')).toEqual({ ok: false, reason: 'format' });
  });
});
