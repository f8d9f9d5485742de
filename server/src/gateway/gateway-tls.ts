/**
 * The gateway's serving certificate: generated once (CA + cert) and kept in the data dir, or
 * supplied by the operator. kubectl sends no credentials over plain http, so this is not optional.
 */
import { loadOrCreateTls, type TlsMaterial } from "../core/tls.js";

/** File prefix in the data dir: `gateway-ca.crt`, `gateway-tls.crt`, … */
export const GATEWAY_TLS_PREFIX = "gateway-";

export interface GatewayTlsOptions {
  dataDir: string;
  /** Host names / IPs players use to reach the gateway (the cert must cover them). */
  hosts?: string[];
  /** Operator-supplied certificate (PEM files). */
  certFile?: string;
  keyFile?: string;
  caFile?: string;
}

export function loadGatewayTls(options: GatewayTlsOptions): Promise<TlsMaterial> {
  return loadOrCreateTls({
    dir: options.dataDir,
    prefix: GATEWAY_TLS_PREFIX,
    hosts: options.hosts,
    certFile: options.certFile,
    keyFile: options.keyFile,
    caFile: options.caFile,
  });
}

/** Hosts the generated certificate must cover: loopback plus the public URL's host. */
export function gatewayTlsHosts(publicUrl?: string): string[] {
  const hosts = ["localhost", "127.0.0.1"];
  if (publicUrl) {
    const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, "");
    if (host && !hosts.includes(host)) hosts.push(host);
  }
  return hosts;
}
