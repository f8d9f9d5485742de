import { randomBytes, randomUUID, createHash, timingSafeEqual } from "node:crypto";

/** Alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
export const KUBE_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
/** Alphabet for human-typed codes: no 0/O/1/I. */
export const GAME_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** Length of a game join code, in characters. */
export const GAME_CODE_LENGTH = 6;
/** Bearer tokens carry 256 bits of randomness. */
export const TOKEN_BYTES = 32;

/** A random source; deterministic in tests (see {@link seededRandom}). */
export type RandomSource = () => number;

/** mulberry32: small, fast, good enough for per-team scenario params and jitter. */
export function seededRandom(seed: number | string): RandomSource {
  let a = typeof seed === "number" ? seed >>> 0 : hashSeed(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashSeed(s: string): number {
  return createHash("sha256").update(s).digest().readUInt32LE(0);
}

export function randomString(length: number, alphabet: string, random: RandomSource = Math.random): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

export function newUid(): string {
  return randomUUID();
}

export function newGameCode(): string {
  // crypto-backed: codes are guessable only by brute force
  const bytes = randomBytes(GAME_CODE_LENGTH);
  let out = "";
  for (const b of bytes) out += GAME_CODE_ALPHABET[b % GAME_CODE_ALPHABET.length];
  return out;
}

/** A 256-bit random bearer token, URL-safe. */
export function newToken(prefix = ""): string {
  return prefix + randomBytes(TOKEN_BYTES).toString("base64url");
}

/** SHA-256 hex digest; tokens are stored hashed, never in clear. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Constant-time comparison of two strings (compares fixed-length digests). */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a).digest();
  const db = createHash("sha256").update(b).digest();
  return timingSafeEqual(da, db);
}
