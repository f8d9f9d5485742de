import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadOrCreateTls } from "../../../server/src/core/tls.js";

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("loadOrCreateTls", () => {
  it("creates a CA and a serving cert it signed, with SANs, and reuses them", async () => {
    dir = await mkdtemp(join(tmpdir(), "tls-"));
    const first = await loadOrCreateTls({ dir, prefix: "sim-", hosts: ["localhost", "127.0.0.1", "firedrill.example"] });
    const ca = new X509Certificate(first.caPem);
    const cert = new X509Certificate(first.certPem);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost("firedrill.example")).toBe("firedrill.example");
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(await readFile(join(dir, "sim-ca.crt"), "utf8")).toBe(first.caPem);
    const second = await loadOrCreateTls({ dir, prefix: "sim-", hosts: ["localhost", "127.0.0.1", "firedrill.example"] });
    expect(second).toEqual(first);
    const wider = await loadOrCreateTls({ dir, prefix: "sim-", hosts: ["localhost", "10.0.0.5"] });
    expect(wider.caPem).toBe(first.caPem);
    expect(wider.certPem).not.toBe(first.certPem);
    expect(new X509Certificate(wider.certPem).checkIP("10.0.0.5")).toBe("10.0.0.5");
  });

  it("loads supplied certificate files", async () => {
    dir = await mkdtemp(join(tmpdir(), "tls-"));
    const made = await loadOrCreateTls({ dir, prefix: "x-" });
    const loaded = await loadOrCreateTls({ dir: "/nonexistent", certFile: join(dir, "x-tls.crt"), keyFile: join(dir, "x-tls.key"), caFile: join(dir, "x-ca.crt") });
    expect(loaded).toEqual(made);
    await expect(loadOrCreateTls({ dir, certFile: join(dir, "x-tls.crt") })).rejects.toThrow(/together/);
  });
});
