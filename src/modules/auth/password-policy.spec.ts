import { describe, expect, it } from '@jest/globals';
import { passwordProblem } from './password-policy.js';

describe('passwordProblem', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('correct horse battery')).toBeNull();
  });
  it('refuses fewer than 10 characters', () => {
    expect(passwordProblem('short1!')).toMatch(/at least 10/);
  });
  it('refuses very common passwords whatever their case', () => {
    expect(passwordProblem('Password123')).toMatch(/too common/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/too common/);
  });
  it('refuses a password built from the email address', () => {
    expect(passwordProblem('jordan.smith-2026', { email: 'jordan.smith@example.com' })).toMatch(/email/);
  });
  it('refuses absurdly long input', () => {
    expect(passwordProblem('x'.repeat(201))).toMatch(/at most/);
  });
});
