import { describe, expect, test } from "vitest";
import { seededRandom } from "../../../../server/src/core/index.js";
import { formatGoDuration, pulledMessage, resolvePull } from "../../../../server/src/sim/kubelet/pull.js";
import { catalog } from "../../../helpers/kubelet-cluster.js";

describe("pull outcomes come from the catalog", () => {
  const pull = (image: string, hasPullSecret = false) => resolvePull({ catalog: catalog(), image, hasPullSecret, random: seededRandom(1) });

  test("a missing tag is NotFound with containerd's wording", () => {
    const r = pull("nginx:1.27-typo");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.27-typo": failed to resolve reference "docker.io/library/nginx:1.27-typo": docker.io/library/nginx:1.27-typo: not found',
    );
  });

  test("a missing TaskMaster tag", () => {
    const r = pull("ghcr.io/firedrill-game/taskmaster-frontend:2.0");
    expect(!r.ok && r.message).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "ghcr.io/firedrill-game/taskmaster-frontend:2.0": failed to resolve reference "ghcr.io/firedrill-game/taskmaster-frontend:2.0": ghcr.io/firedrill-game/taskmaster-frontend:2.0: not found',
    );
  });

  test("a private image without a pull secret is denied; with one it pulls", () => {
    const r = pull("ghcr.io/firedrill-game/taskmaster-reports:1.0");
    expect(!r.ok && r.message).toMatch(/pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed$/);
    expect(pull("ghcr.io/firedrill-game/taskmaster-reports:1.0", true).ok).toBe(true);
  });

  test("an unknown Docker Hub repository is denied like a private one", () => {
    const r = pull("ngnix:1.27");
    expect(!r.ok && r.message).toMatch(/^rpc error: code = Unknown desc = .*pull access denied/);
  });

  test("an unknown registry fails DNS on the node", () => {
    const r = pull("registry.example.invalid/app:1");
    expect(!r.ok && r.message).toMatch(/dial tcp: lookup registry.example.invalid on 10.0.0.2:53: no such host$/);
  });

  test("a good pull has the catalog size, a jittered time and a stable image ID", () => {
    const r = pull("busybox:1.36");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.sizeBytes).toBe(2155467);
    expect(r.durationMs).toBeGreaterThanOrEqual(450);
    expect(r.durationMs).toBeLessThanOrEqual(750);
    expect(r.imageID).toMatch(/^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
    expect(pull("busybox:1.36").ok && (pull("busybox:1.36") as { imageID: string }).imageID).toBe(r.imageID);
  });

  test("the Pulled message is kubelet's", () => {
    expect(formatGoDuration(512)).toBe("512ms");
    expect(formatGoDuration(1200)).toBe("1.2s");
    expect(formatGoDuration(64_500)).toBe("1m4.5s");
    expect(pulledMessage("x", 1200, 12345)).toBe('Successfully pulled image "x" in 1.2s (1.2s including waiting). Image size: 12345 bytes.');
  });
});
