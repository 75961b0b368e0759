/** Building and reading little-endian guest structs by field offset (offsets come from src/abi/layouts.ts). */
export class StructWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  u8(offset: number, v: number): this { this.view.setUint8(offset, v); return this; }
  u16(offset: number, v: number): this { this.view.setUint16(offset, v, true); return this; }
  u32(offset: number, v: number): this { this.view.setUint32(offset, v >>> 0, true); return this; }
  i32(offset: number, v: number): this { this.view.setInt32(offset, v | 0, true); return this; }
  u64(offset: number, v: bigint | number): this { this.view.setBigUint64(offset, BigInt.asUintN(64, BigInt(v)), true); return this; }
  i64(offset: number, v: bigint | number): this { this.view.setBigInt64(offset, BigInt.asIntN(64, BigInt(v)), true); return this; }
  /** A NUL-padded string field of `length` bytes (truncated to leave room for the NUL). */
  str(offset: number, s: string, length: number): this {
    const b = new TextEncoder().encode(s).subarray(0, length - 1);
    this.bytes.set(b, offset);
    return this;
  }
}

export class StructReader {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u32(offset: number): number { return this.view.getUint32(offset, true); }
  i32(offset: number): number { return this.view.getInt32(offset, true); }
  u64(offset: number): bigint { return this.view.getBigUint64(offset, true); }
  i64(offset: number): bigint { return this.view.getBigInt64(offset, true); }
}
