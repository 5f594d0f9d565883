import { describe, expect, it } from '@jest/globals';
import { parsePackageForm, parseSellForm } from './package.form.js';

describe(parsePackageForm.name, () => {
  it('parses money, sessions and an empty validity as "never expires"', () => {
    const parsed = parsePackageForm(
      { name: ' 10 pack ', sessionCount: '10', price: '499.99', validityDays: '', description: '' },
      'GBP',
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        name: ' 10 pack ',
        sessionCount: 10,
        priceMinor: 49999,
        validityDays: null,
        description: null,
        active: true,
      },
    });
  });

  it('reports every bad field at once, under the form’s names', () => {
    const parsed = parsePackageForm({ name: '', sessionCount: '0', price: 'abc', validityDays: '-3' }, 'GBP');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(Object.keys(parsed.errors).sort()).toEqual(['name', 'price', 'sessionCount', 'validityDays']);
  });
});

describe(parseSellForm.name, () => {
  it('needs a payment method unless paid later', () => {
    expect(parseSellForm({ clientId: 'c', packageId: 'p', paid: 'now', paymentMethod: '' }, 'GBP').ok).toBe(false);
    expect(parseSellForm({ clientId: 'c', packageId: 'p', paid: 'later', paymentMethod: '' }, 'GBP')).toEqual({
      ok: true,
      value: { clientId: 'c', sale: { packageId: 'p', priceMinor: undefined, paymentMethod: undefined, paid: false } },
    });
  });
});
