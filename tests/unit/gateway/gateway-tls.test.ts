import { X509Certificate } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gatewayTlsHosts, loadGatewayTls } from "../../../server/src/gateway/gateway-tls.js";

describe("gateway TLS", () => {
  it("covers loopback and the public URL's host", () => {
    expect(gatewayTlsHosts()).toEqual(["localhost", "127.0.0.1"]);
    expect(gatewayTlsHosts("https://10.0.0.5:8443")).toEqual(["localhost", "127.0.0.1", "10.0.0.5"]);
    expect(gatewayTlsHosts("https://firedrill.example.org")).toEqual(["localhost", "127.0.0.1", "firedrill.example.org"]);
  });

  it("generates a CA and serving cert once, keeps them in the data dir, and reuses them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fd-gw-tls-"));
    const first = await loadGatewayTls({ dataDir: dir, hosts: gatewayTlsHosts("https://fd.example:8443") });
    expect((await readdir(dir)).sort()).toEqual(["gateway-ca.crt", "gateway-ca.key", "gateway-tls.crt", "gateway-tls.key"]);
    const cert = new X509Certificate(first.certPem);
    expect(cert.verify(new X509Certificate(first.caPem).publicKey)).toBe(true);
    expect(cert.checkHost("fd.example")).toBe("fd.example");
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    const second = await loadGatewayTls({ dataDir: dir, hosts: gatewayTlsHosts("https://fd.example:8443") });
    expect(second.caPem).toBe(first.caPem); // kubeconfigs already handed out stay valid after a restart
    expect(second.certPem).toBe(first.certPem);
    await rm(dir, { recursive: true, force: true });
  });
});
