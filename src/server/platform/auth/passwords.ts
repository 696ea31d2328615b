import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id: the package's const enum cannot be imported under isolatedModules.
const ARGON2ID = 2;
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../http/app-error';

export const PASSWORD_MIN_LENGTH = 10;
/** Long passphrases are welcome; the cap only keeps the hasher's input bounded. */
export const PASSWORD_MAX_LENGTH = 256;

let memoryCostKib = 19456;

/** OWASP's argon2id minimum: m=19456 KiB, t=2, p=1. Tests may lower m through config, never below 1024. */
export function configurePasswordHashing(memoryKib: number): void {
  memoryCostKib = memoryKib;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID as never, memoryCost: memoryCostKib, timeCost: 2, parallelism: 1 });
}

let verifications = 0;
/** How often this process ran the password hasher to check a password (tests prove the login throttle with it). */
export function passwordVerificationCount(): number {
  return verifications;
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  verifications++;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random string, so that an unknown email costs the same time as a wrong password. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('salesdesk-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/** Refuses passwords that are short, too long, common, or built from the user's own email. */
export function checkPasswordPolicy(password: string, email?: string, field = 'password'): void {
  const fail = (code: string, message: string) => {
    throw new AppError('validation_failed', message, { fields: [{ field, code, message }] });
  };
  if (password.length < PASSWORD_MIN_LENGTH) fail('too_short', `Password must have at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) fail('too_long', `Password must have at most ${PASSWORD_MAX_LENGTH} characters`);
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) fail('too_common', 'This password is one of the most common passwords; choose another');
  if (/^(.)\1+$/.test(password)) fail('too_common', 'A password of one repeated character is too easy to guess');
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 3 && lower.includes(local)) fail('contains_email', 'Password must not contain your email name');
}
