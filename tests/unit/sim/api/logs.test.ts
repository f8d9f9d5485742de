import { describe, expect, it } from "vitest";
import { validateExecTarget } from "../../../../server/src/sim/api/exec.js";
import { containerLogError, resolveContainer, rfc3339Nano } from "../../../../server/src/sim/api/logs.js";

const pod = (containers: string[], statuses: unknown[] = [], extra: Record<string, unknown> = {}) => ({
  metadata: { name: "p", annotations: {} },
  spec: { containers: containers.map((name) => ({ name })) },
  status: { containerStatuses: statuses, ...extra },
});

describe("pod log helpers", () => {
  it("defaults the only container, requires a choice otherwise", () => {
    expect(resolveContainer(pod(["web"]), null)).toBe("web");
    expect(() => resolveContainer(pod(["web", "side"]), null)).toThrow("a container name must be specified for pod p, choose one of: [web side]");
    expect(() => resolveContainer(pod(["web"]), "nope")).toThrow("container nope is not valid for pod p");
  });

  it("explains why there are no logs, like the kubelet", () => {
    const waiting = (reason: string) => pod(["web"], [{ name: "web", state: { waiting: { reason } } }]);
    expect(containerLogError(waiting("ImagePullBackOff"), "web", false)?.message).toBe('container "web" in pod "p" is waiting to start: trying and failing to pull image');
    expect(containerLogError(waiting("ErrImagePull"), "web", false)?.message).toBe(`container "web" in pod "p" is waiting to start: image can't be pulled`);
    expect(containerLogError(waiting("ContainerCreating"), "web", false)?.message).toBe('container "web" in pod "p" is waiting to start: ContainerCreating');
    expect(containerLogError(pod(["web"]), "web", false)?.message).toBe('container "web" in pod "p" is waiting to start: ContainerCreating');
    expect(containerLogError(pod(["web"], [{ name: "web", state: { running: {} } }]), "web", true)?.message).toBe('previous terminated container "web" in pod "p" not found');
    expect(containerLogError(pod(["web"], [{ name: "web", state: { running: {} } }]), "web", false)).toBeUndefined();
  });

  it("formats RFC3339Nano timestamps with trimmed fractions", () => {
    expect(rfc3339Nano(Date.parse("2026-01-01T09:00:00.120Z"))).toBe("2026-01-01T09:00:00.12Z");
    expect(rfc3339Nano(Date.parse("2026-01-01T09:00:00Z"))).toBe("2026-01-01T09:00:00Z");
  });

  it("exec needs a running container", () => {
    expect(validateExecTarget(pod(["web"], [{ name: "web", state: { running: {} } }]), null)).toBe("web");
    expect(() => validateExecTarget(pod(["web"], [{ name: "web", state: { waiting: { reason: "ImagePullBackOff" } } }]), "web")).toThrow('container not found ("web")');
    expect(() => validateExecTarget(pod(["web"], [], { phase: "Succeeded" }), "web")).toThrow("cannot exec into a container in a completed pod; current phase is Succeeded");
  });
});
