/**
 * Just enough RFC 6455 for the Kubernetes `v5.channel.k8s.io` exec protocol: the handshake, unmasked
 * binary frames from the server, masked frames from the client (with fragmentation, ping/pong and
 * close). Each data frame's first byte is the channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize,
 * 255 close-stream).
 */
import { createHash } from "node:crypto";
import type { Duplex } from "node:stream";

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
export const WS_CLOSE_NORMAL = 1000;
/** Client frames bigger than this are refused (stdin for exec is small). */
export const WS_MAX_FRAME_BYTES = 16 * 1024 * 1024;

export function acceptKey(key: string): string {
  return createHash("sha1").update(key + WS_GUID).digest("base64");
}

export function handshakeResponse(key: string, protocol: string): string {
  return [
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Accept: ${acceptKey(key)}`,
    `Sec-WebSocket-Protocol: ${protocol}`,
    "",
    "",
  ].join("\r\n");
}

export function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  let header: Buffer;
  if (len < 126) header = Buffer.from([0x80 | opcode, len]);
  else if (len < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([header, payload]);
}

export interface WsMessage {
  opcode: number;
  payload: Buffer;
}

/** Incremental parser for client→server frames; yields complete messages (fragments joined). */
export class FrameParser {
  private buf: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;

  push(chunk: Buffer): WsMessage[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: WsMessage[] = [];
    for (;;) {
      if (this.buf.length < 2) break;
      const b0 = this.buf[0]!;
      const b1 = this.buf[1]!;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      let len = b1 & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.buf.length < 4) break;
        len = this.buf.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) break;
        const big = this.buf.readBigUInt64BE(2);
        if (big > BigInt(WS_MAX_FRAME_BYTES)) throw new Error("websocket frame too large");
        len = Number(big);
        offset = 10;
      }
      if (len > WS_MAX_FRAME_BYTES) throw new Error("websocket frame too large");
      const maskLen = masked ? 4 : 0;
      if (this.buf.length < offset + maskLen + len) break;
      const mask = masked ? this.buf.subarray(offset, offset + 4) : undefined;
      const payload = Buffer.from(this.buf.subarray(offset + maskLen, offset + maskLen + len));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
      this.buf = this.buf.subarray(offset + maskLen + len);
      if (opcode >= 8) {
        out.push({ opcode, payload });
        continue;
      }
      if (opcode !== 0) this.fragmentOpcode = opcode;
      this.fragments.push(payload);
      if (fin) {
        out.push({ opcode: this.fragmentOpcode, payload: Buffer.concat(this.fragments) });
        this.fragments = [];
      }
    }
    return out;
  }
}

/** A server-side channel WebSocket over an upgraded socket. */
export class ChannelSocket {
  private readonly parser = new FrameParser();
  private closed = false;

  constructor(
    private readonly socket: Duplex,
    onData: (channel: number, data: Buffer) => void,
    onClose: () => void,
  ) {
    socket.on("data", (chunk: Buffer) => {
      let messages: WsMessage[];
      try {
        messages = this.parser.push(chunk);
      } catch {
        this.close(1009);
        return;
      }
      for (const m of messages) {
        if (m.opcode === 9) this.raw(10, m.payload);
        else if (m.opcode === 8) {
          this.close();
          onClose();
        } else if ((m.opcode === 1 || m.opcode === 2) && m.payload.length > 0) onData(m.payload[0]!, m.payload.subarray(1));
      }
    });
    socket.on("close", () => {
      this.closed = true;
      onClose();
    });
    socket.on("error", () => {
      this.closed = true;
    });
  }

  send(channel: number, data: Buffer | string): void {
    const body = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    this.raw(2, Buffer.concat([Buffer.from([channel]), body]));
  }

  close(code = WS_CLOSE_NORMAL): void {
    if (this.closed) return;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code, 0);
    this.raw(8, payload);
    this.closed = true;
    this.socket.end();
  }

  private raw(opcode: number, payload: Buffer): void {
    if (this.closed || this.socket.destroyed) return;
    this.socket.write(encodeFrame(opcode, payload));
  }
}
