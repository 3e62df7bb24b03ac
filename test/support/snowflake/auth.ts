import { createHash, createPublicKey, verify } from 'node:crypto';

/** A user the stand-in accepts, as an administrator would create it in Snowflake. */
export interface StandInUser {
  name: string;
  password?: string;
  /** The RSA public key (`ALTER USER … SET RSA_PUBLIC_KEY`), PEM. */
  publicKeyPem?: string;
}

export type LoginVerdict = { ok: true; user: StandInUser } | { ok: false; code: string; message: string; detail: string };

export const INCORRECT_CREDENTIALS = { code: '390100', message: 'Incorrect username or password was specified.' } as const;
export const INVALID_JWT = { code: '390144', message: 'JWT token is invalid.' } as const;

/** Snowflake's fingerprint of a registered key: `SHA256:` + base64 SHA-256 of the DER public key. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

export function findUser(users: readonly StandInUser[], loginName: unknown): StandInUser | undefined {
  if (typeof loginName !== 'string') return undefined;
  // Unquoted Snowflake user names are case-insensitive.
  return users.find((user) => user.name.toUpperCase() === loginName.toUpperCase());
}

export function verifyPassword(user: StandInUser | undefined, password: unknown): LoginVerdict {
  if (!user) return { ok: false, ...INCORRECT_CREDENTIALS, detail: 'no such user' };
  if (user.password === undefined) return { ok: false, ...INCORRECT_CREDENTIALS, detail: 'the user has no password' };
  if (password !== user.password) return { ok: false, ...INCORRECT_CREDENTIALS, detail: 'wrong password' };
  return { ok: true, user };
}

/**
 * Checks a key-pair login the way Snowflake does: an RS256 JWT signed with the user's private key,
 * `iss` = `ACCOUNT.USER.SHA256:<fingerprint of the registered public key>`, `sub` = `ACCOUNT.USER`,
 * and a lifetime of at most an hour that has not ended.
 */
export function verifyKeyPairJwt(user: StandInUser | undefined, account: string, token: unknown, now: number = Date.now()): LoginVerdict {
  const reject = (detail: string): LoginVerdict => ({ ok: false, ...INVALID_JWT, detail });
  if (!user) return reject('no such user');
  if (!user.publicKeyPem) return reject('the user has no public key');
  if (typeof token !== 'string') return reject('no token in the login request');

  const parts = token.split('.');
  if (parts.length !== 3) return reject('not a JWT');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return reject('the JWT header or payload is not JSON');
  }
  if (header.alg !== 'RS256') return reject(`unsupported algorithm ${String(header.alg)}`);

  const signed = verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), user.publicKeyPem, Buffer.from(signaturePart, 'base64url'));
  if (!signed) return reject('the signature does not match the registered public key');

  const subject = `${account.toUpperCase()}.${user.name.toUpperCase()}`;
  const issuer = `${subject}.${publicKeyFingerprint(user.publicKeyPem)}`;
  if (claims.iss !== issuer) return reject(`iss is ${String(claims.iss)}, expected ${issuer}`);
  if (claims.sub !== subject) return reject(`sub is ${String(claims.sub)}, expected ${subject}`);

  const issuedAt = claimMillis(claims.iat);
  const expiresAt = claimMillis(claims.exp);
  if (issuedAt === null || expiresAt === null) return reject('iat and exp must be numbers');
  if (expiresAt <= now) return reject('the JWT has expired');
  if (expiresAt - issuedAt > 3_600_000) return reject('the JWT lifetime exceeds one hour');
  return { ok: true, user };
}

/** The Node.js driver writes iat/exp in milliseconds, the JWT standard in seconds: accept both. */
function claimMillis(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return value > 100_000_000_000 ? value : value * 1000;
}
