import { describe, expect, it } from "vitest";
import { acceptKey, encodeFrame, FrameParser } from "../../../../server/src/sim/api/websocket.js";

function masked(opcode: number, payload: Buffer, fin = true): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
  const len = payload.length;
  const header = len < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | len]) : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, len >> 8, len & 0xff]);
  return Buffer.concat([header, mask, body]);
}

describe("websocket framing", () => {
  it("computes the RFC 6455 accept key", () => {
    expect(acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  });

  it("encodes unmasked binary frames with 7-, 16- and 64-bit lengths", () => {
    expect([...encodeFrame(2, Buffer.from([1, 65]))]).toEqual([0x82, 2, 1, 65]);
    expect(encodeFrame(2, Buffer.alloc(300)).subarray(0, 4)).toEqual(Buffer.from([0x82, 126, 1, 44]));
    expect(encodeFrame(2, Buffer.alloc(70000))[1]).toBe(127);
  });

  it("parses masked client frames split across chunks, joins fragments, passes control frames", () => {
    const p = new FrameParser();
    const stdin = masked(2, Buffer.from([0, ...Buffer.from("hello")]));
    expect(p.push(stdin.subarray(0, 3))).toEqual([]);
    expect(p.push(stdin.subarray(3))).toEqual([{ opcode: 2, payload: Buffer.from([0, ...Buffer.from("hello")]) }]);
    const frags = Buffer.concat([masked(2, Buffer.from([0, 97]), false), masked(9, Buffer.from("ping")), masked(0, Buffer.from([98]), true)]);
    expect(p.push(frags)).toEqual([
      { opcode: 9, payload: Buffer.from("ping") },
      { opcode: 2, payload: Buffer.from([0, 97, 98]) },
    ]);
    expect(p.push(masked(2, Buffer.alloc(200, 7)))[0]!.payload.length).toBe(200);
  });
});
