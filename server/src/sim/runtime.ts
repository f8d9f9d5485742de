/**
 * What the API layer (sim/api) needs from the simulated node runtime (sim/kubelet) to serve the
 * pod subresources that are not plain objects: logs, exec and the services/pods proxy.
 * sim/api depends only on this interface; sim/kubelet implements it. Until a runtime is attached,
 * the API answers these subresources from the stored objects alone (e.g. a waiting container → 400).
 */
import type { StatusErrorShape } from "./store/types.js";

export interface LogRequest {
  namespace: string;
  pod: string;
  /** Container name; the API fills in the only container when omitted, or rejects with 400. */
  container: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
}

export interface LogLine {
  /** Epoch ms on the simulated clock. */
  at: number;
  text: string;
}

export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  /** Whole stdin (the API buffers channel-0 data until stdin is closed), or undefined without -i. */
  stdin?: string;
  tty?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ProxyRequest {
  kind: "services" | "pods";
  namespace: string;
  /** Object name; may carry a port as "name:port" or "name:portName" as in the real API path. */
  name: string;
  /** Path after `/proxy`, always starting with "/". */
  path: string;
  method: string;
}

export interface ProxyResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface PodRuntime {
  /** Log lines (already filtered by previous/tail/since), or a Status error (e.g. 400 waiting to start). */
  readLogs(req: LogRequest): LogLine[] | StatusErrorShape;
  /** Streams new lines until the container stops or `stop()` is called; `onEnd` fires when the stream ends. */
  followLogs(req: LogRequest, onLine: (line: LogLine) => void, onEnd: () => void): { stop(): void } | StatusErrorShape;
  exec(req: ExecRequest): Promise<ExecResult> | StatusErrorShape;
  proxy(req: ProxyRequest): Promise<ProxyResponse>;
}
