/** Log lines of one container instance, with followers for `kubectl logs -f`. */
import type { LogLine } from "../runtime.js";
import { MAX_LOG_LINES } from "./stages.js";

export class LogBuffer {
  readonly lines: LogLine[] = [];
  /** The container instance these lines belong to (set when it is created). */
  containerId?: string;
  private followers = new Set<{ onLine: (l: LogLine) => void; onEnd: () => void }>();
  private ended = false;

  append(at: number, text: string): void {
    for (const t of text.split("\n")) {
      const line = { at, text: t };
      this.lines.push(line);
      for (const f of [...this.followers]) f.onLine(line);
    }
    if (this.lines.length > MAX_LOG_LINES) this.lines.splice(0, this.lines.length - MAX_LOG_LINES);
  }

  /** The container instance stopped: followers' streams end, as `kubectl logs -f` does. */
  end(): void {
    this.ended = true;
    for (const f of [...this.followers]) f.onEnd();
    this.followers.clear();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  follow(onLine: (l: LogLine) => void, onEnd: () => void): { stop(): void } {
    const f = { onLine, onEnd };
    if (this.ended) {
      onEnd();
      return { stop() {} };
    }
    this.followers.add(f);
    return { stop: () => this.followers.delete(f) };
  }
}
