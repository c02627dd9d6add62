// Big-endian byte reading and writing for the container header, with every read bounds-checked so a
// short or hostile input becomes a typed error instead of an exception. Spec: docs/FORMAT.md §2.

import { BreakglassError } from '../errors.js';

export class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  bytes(value: Uint8Array): this {
    this.parts.push(value);
    this.size += value.length;
    return this;
  }

  u8(value: number): this {
    assertUint(value, 0xff, 'u8');
    return this.bytes(Uint8Array.of(value));
  }

  u16(value: number): this {
    assertUint(value, 0xffff, 'u16');
    return this.bytes(Uint8Array.of(value >>> 8, value & 0xff));
  }

  u32(value: number): this {
    assertUint(value, 0xffffffff, 'u32');
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, value);
    return this.bytes(out);
  }

  u64(value: number): this {
    assertUint(value, Number.MAX_SAFE_INTEGER, 'u64');
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt(value));
    return this.bytes(out);
  }

  get length(): number {
    return this.size;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

function assertUint(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} value out of range: ${value}`);
  }
}

/** Reads fields in order; `what` names the structure in error messages ("store header"). */
export class ByteReader {
  private offset = 0;

  constructor(
    private readonly data: Uint8Array,
    private readonly what: string,
  ) {}

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  bytes(length: number, field: string): Uint8Array {
    if (length > this.remaining) {
      throw new BreakglassError(
        'TRUNCATED',
        `The ${this.what} ends in the middle of its ${field} field: the file is truncated or damaged. ` +
          'Use another copy of this store (a USB drive, the .prev file, or the paper backup).',
        { field },
      );
    }
    const out = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(field: string): number {
    return this.bytes(1, field)[0] as number;
  }

  u16(field: string): number {
    const b = this.bytes(2, field);
    return ((b[0] as number) << 8) | (b[1] as number);
  }

  u32(field: string): number {
    const b = this.bytes(4, field);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0);
  }

  u64(field: string): bigint {
    const b = this.bytes(8, field);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0);
  }
}
