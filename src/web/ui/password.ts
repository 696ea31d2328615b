import type { Rule } from 'antd/es/form';
import { i18n } from '../i18n';

/** Mirrors PASSWORD_MIN_LENGTH in src/server/platform/auth/passwords.ts (that file pulls in argon2, so it cannot be imported here). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export function passwordRules(): Rule[] {
  return [
    { required: true, message: i18n.t('validation.required') },
    { min: PASSWORD_MIN_LENGTH, message: i18n.t('validation.passwordLength', { min: PASSWORD_MIN_LENGTH }) },
    { max: PASSWORD_MAX_LENGTH, message: i18n.t('validation.tooLong', { max: PASSWORD_MAX_LENGTH }) },
  ];
}

/** "Confirm password" must equal the field named `other`. */
export function confirmRules(other: string | string[]): Rule[] {
  return [
    { required: true, message: i18n.t('validation.required') },
    ({ getFieldValue }) => ({
      validator: (_, value) =>
        !value || value === getFieldValue(other) ? Promise.resolve() : Promise.reject(new Error(i18n.t('validation.passwordsDiffer'))),
    }),
  ];
}

/** A random password an admin hands to a new user: 16 characters without look-alikes (0/O, 1/l/I). */
export function generatePassword(length = 16): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_';
  const bytes = crypto.getRandomValues(new Uint32Array(length));
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}
