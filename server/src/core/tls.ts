/**
 * TLS material for Firedrill's HTTPS listeners (the simulated API server and the kubectl gateway).
 * kubectl only sends bearer tokens over TLS, so both must serve HTTPS. On first start we generate a
 * CA and a serving certificate signed by it, keep both as PEM files in the data dir, and reuse them on
 * restart; operators may supply their own certificate instead.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { isIP } from "node:net";
import { join } from "node:path";
import { generate } from "selfsigned";

/** CA lifetime: long enough that a classroom box never sees it expire. */
export const TLS_CA_VALIDITY_DAYS = 3650;
/** Serving certificate lifetime. */
export const TLS_SERVING_VALIDITY_DAYS = 825;
/** Regenerate the serving certificate when it expires within this many days. */
export const TLS_RENEW_BEFORE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface TlsMaterial {
  /** PEM of the CA to trust (embed as `certificate-authority-data`). */
  caPem: string;
  /** PEM of the serving certificate. */
  certPem: string;
  /** PEM of the serving certificate's private key. */
  keyPem: string;
}

export interface LoadOrCreateTlsOptions {
  /** Directory holding `<prefix>ca.crt`, `<prefix>ca.key`, `<prefix>tls.crt`, `<prefix>tls.key`. */
  dir: string;
  /** DNS names and IP addresses the serving certificate must cover; default localhost + 127.0.0.1. */
  hosts?: string[];
  /** File name prefix, e.g. "sim-" or "gateway-"; default "". */
  prefix?: string;
  /** Use this certificate instead of generating one; `caFile` defaults to the cert itself. */
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  /** Time source for validity windows; default Date.now. */
  now?: () => number;
}

const DEFAULT_TLS_HOSTS = ["localhost", "127.0.0.1"];

export async function loadOrCreateTls(options: LoadOrCreateTlsOptions): Promise<TlsMaterial> {
  if (options.certFile || options.keyFile) {
    if (!options.certFile || !options.keyFile) throw new Error("TLS: certFile and keyFile must be given together");
    const certPem = await readFile(options.certFile, "utf8");
    const keyPem = await readFile(options.keyFile, "utf8");
    const caPem = options.caFile ? await readFile(options.caFile, "utf8") : certPem;
    createPrivateKey(keyPem); // fail early on an unreadable key
    return { caPem, certPem, keyPem };
  }
  const now = options.now ?? Date.now;
  const prefix = options.prefix ?? "";
  const hosts = options.hosts && options.hosts.length ? options.hosts : DEFAULT_TLS_HOSTS;
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(options.dir, `${prefix}${name}`);

  let ca = await readPair(path("ca.crt"), path("ca.key"));
  if (!ca || expiresWithin(ca.cert, now(), TLS_RENEW_BEFORE_DAYS)) {
    ca = await createCa(now());
    await writePair(path("ca.crt"), path("ca.key"), ca);
  }
  let serving = await readPair(path("tls.crt"), path("tls.key"));
  if (!serving || !servingCertFits(serving.cert, ca.cert, hosts, now())) {
    serving = await createServing(ca, hosts, now());
    await writePair(path("tls.crt"), path("tls.key"), serving);
  }
  return { caPem: ca.cert, certPem: serving.cert, keyPem: serving.key };
}

interface Pair {
  cert: string;
  key: string;
}

async function readPair(certPath: string, keyPath: string): Promise<Pair | undefined> {
  try {
    return { cert: await readFile(certPath, "utf8"), key: await readFile(keyPath, "utf8") };
  } catch {
    return undefined;
  }
}

async function writePair(certPath: string, keyPath: string, pair: Pair): Promise<void> {
  await writeFile(certPath, pair.cert, { mode: 0o644 });
  await writeFile(keyPath, pair.key, { mode: 0o600 });
}

function expiresWithin(certPem: string, nowMs: number, days: number): boolean {
  try {
    return new Date(new X509Certificate(certPem).validTo).getTime() - nowMs < days * DAY_MS;
  } catch {
    return true;
  }
}

/** The stored serving cert is reused only if the CA signed it, it is fresh, and it covers every host. */
function servingCertFits(certPem: string, caPem: string, hosts: string[], nowMs: number): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    if (!cert.verify(ca.publicKey) || expiresWithin(certPem, nowMs, TLS_RENEW_BEFORE_DAYS)) return false;
    return hosts.every((h) => (isIP(h) ? cert.checkIP(h) !== undefined : cert.checkHost(h) !== undefined));
  } catch {
    return false;
  }
}

async function createCa(nowMs: number): Promise<Pair> {
  const pems = await generate([{ name: "commonName", value: "firedrill-ca" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate: new Date(nowMs - DAY_MS),
    notAfterDate: new Date(nowMs + TLS_CA_VALIDITY_DAYS * DAY_MS),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

async function createServing(ca: Pair, hosts: string[], nowMs: number): Promise<Pair> {
  const altNames = hosts.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h }));
  const pems = await generate([{ name: "commonName", value: hosts[0] ?? "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate: new Date(nowMs - DAY_MS),
    notAfterDate: new Date(nowMs + TLS_SERVING_VALIDITY_DAYS * DAY_MS),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames },
    ],
    ca: { key: ca.key, cert: ca.cert },
  });
  return { cert: pems.cert, key: pems.private };
}
