import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderTeamKubeconfig } from "../../../server/src/gateway/kubeconfig.js";
import {
  filterNamespaceList,
  filterNamespaceWatchEvent,
  NamespaceWatchFilter,
} from "../../../server/src/gateway/namespace-filter.js";
import { jsonOnlyAccept, upstreamRequestHeaders } from "../../../server/src/gateway/upstream-headers.js";
import type { GatewayTeam } from "../../../server/src/gateway/scope.js";

const team: GatewayTeam = { teamId: "t1", name: "orion", namespace: "fd-abc-orion", gameCode: "ABC" };
const CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe("renderTeamKubeconfig", () => {
  it("points at the gateway with the CA, the token and the team namespace", () => {
    const cfg = parse(renderTeamKubeconfig({ gatewayUrl: "https://fd.example:6443/", caPem: CA, token: "fdt_x", team }));
    expect(cfg.clusters[0].cluster.server).toBe("https://fd.example:6443");
    expect(Buffer.from(cfg.clusters[0].cluster["certificate-authority-data"], "base64").toString()).toBe(CA);
    expect(cfg.clusters[0].cluster["insecure-skip-tls-verify"]).toBeUndefined();
    expect(cfg.users[0].user).toEqual({ token: "fdt_x" });
    expect(cfg.contexts[0].context.namespace).toBe("fd-abc-orion");
    expect(cfg["current-context"]).toBe(cfg.contexts[0].name);
  });

  it("refuses a plain-http gateway URL (kubectl would send no token)", () => {
    expect(() => renderTeamKubeconfig({ gatewayUrl: "http://fd:80", caPem: CA, token: "t", team })).toThrow(/https/);
  });
});

const ns = (name: string) => ({ metadata: { name } });

describe("namespace filtering", () => {
  it("filters NamespaceList items and Table rows", () => {
    expect(filterNamespaceList({ kind: "NamespaceList", items: [ns("a"), ns("fd-abc-orion"), ns("b")] }, "fd-abc-orion")).toEqual({
      kind: "NamespaceList",
      items: [ns("fd-abc-orion")],
    });
    const table = {
      kind: "Table",
      columnDefinitions: [{ name: "Name" }],
      rows: [
        { cells: ["kube-system"], object: ns("kube-system") },
        { cells: ["fd-abc-orion"], object: ns("fd-abc-orion") },
      ],
    };
    expect((filterNamespaceList(table, "fd-abc-orion") as { rows: unknown[] }).rows).toEqual([table.rows[1]]);
  });

  it("drops watch events about other namespaces, keeps bookmarks", () => {
    const own = JSON.stringify({ type: "ADDED", object: { kind: "Namespace", ...ns("fd-abc-orion") } });
    expect(filterNamespaceWatchEvent(own, "fd-abc-orion")).toBe(own);
    expect(filterNamespaceWatchEvent(JSON.stringify({ type: "ADDED", object: ns("fd-abc-lyra") }), "fd-abc-orion")).toBeNull();
    const bm = JSON.stringify({ type: "BOOKMARK", object: { metadata: { resourceVersion: "9" } } });
    expect(filterNamespaceWatchEvent(bm, "fd-abc-orion")).toBe(bm);
    const tableEv = { type: "MODIFIED", object: { kind: "Table", rows: [{ cells: ["x"], object: ns("x") }] } };
    expect(filterNamespaceWatchEvent(JSON.stringify(tableEv), "fd-abc-orion")).toBeNull();
    expect(filterNamespaceWatchEvent("{not json", "fd-abc-orion")).toBeNull();
  });

  it("splits a chunked watch stream on newlines", async () => {
    const f = new NamespaceWatchFilter("fd-abc-orion");
    const out: string[] = [];
    f.on("data", (c: Buffer) => out.push(c.toString()));
    const a = JSON.stringify({ type: "ADDED", object: ns("fd-abc-orion") });
    const b = JSON.stringify({ type: "ADDED", object: ns("other") });
    const text = `${a}\n${b}\n${a}`;
    f.write(text.slice(0, 10));
    f.write(text.slice(10, 70));
    f.end(text.slice(70));
    await new Promise((r) => f.on("end", r));
    expect(out.join("")).toBe(`${a}\n${a}\n`);
  });
});

describe("upstreamRequestHeaders", () => {
  it("drops client credentials and impersonation, adds Firedrill's and the player identity", () => {
    const h = upstreamRequestHeaders(
      {
        host: ["gw:1"],
        authorization: ["Bearer fdt_team"],
        "impersonate-user": ["system:admin"],
        "impersonate-group": ["system:masters"],
        "kubectl-command": ["kubectl get"],
        connection: ["keep-alive"],
        "x-stream-protocol-version": ["v5.channel.k8s.io", "v4.channel.k8s.io"],
      },
      { namespace: "fd-abc-orion", credentials: { Authorization: "Bearer admin" }, upgrade: false, needsPlainJson: false, impersonateGroups: true },
    );
    expect(h).toEqual({
      authorization: "Bearer admin",
      "kubectl-command": "kubectl get",
      "x-stream-protocol-version": ["v5.channel.k8s.io", "v4.channel.k8s.io"],
      "impersonate-user": "system:serviceaccount:fd-abc-orion:player",
      "impersonate-group": ["system:serviceaccounts", "system:serviceaccounts:fd-abc-orion", "system:authenticated"],
    });
  });

  it("leaves the SA groups to the API server unless asked (least privilege for Firedrill's RBAC)", () => {
    const h = upstreamRequestHeaders({}, { namespace: "n", credentials: {}, upgrade: false, needsPlainJson: false });
    expect(h["impersonate-user"]).toBe("system:serviceaccount:n:player");
    expect(h["impersonate-group"]).toBeUndefined();
  });

  it("keeps the upgrade handshake and asks for plain JSON when the body must be filtered", () => {
    const h = upstreamRequestHeaders(
      { upgrade: ["websocket"], connection: ["Upgrade"], accept: ["application/vnd.kubernetes.protobuf,application/json"] },
      { namespace: "n", credentials: {}, upgrade: true, needsPlainJson: true },
    );
    expect(h).toMatchObject({ connection: "Upgrade", upgrade: "websocket", accept: "application/json", "accept-encoding": "identity" });
    expect(jsonOnlyAccept("application/json;as=Table;v=v1;g=meta.k8s.io,application/json")).toBe(
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
    );
  });
});
