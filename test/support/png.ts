import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngImage {
  width: number;
  height: number;
  /** 8-bit RGBA, row by row; only for images of that colour type (what resvg writes). */
  rgba: Buffer;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Reads a PNG far enough to test it: the signature, IHDR's size, and for 8-bit RGBA images the
 * pixels (IDAT inflated and unfiltered). Throws on anything that is not such a PNG.
 */
export function readPng(data: Buffer): PngImage {
  if (!data.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: the signature is missing');
  if (data.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG: IHDR is not the first chunk');
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const bitDepth = data[24];
  const colorType = data[25];
  const idat: Buffer[] = [];
  for (let offset = 8; offset < data.length; ) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    if (type === 'IDAT') idat.push(data.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  if (bitDepth !== 8 || colorType !== 6) return { width, height, rgba: Buffer.alloc(0) };
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] as number;
      const left = x >= 4 ? (rgba[y * stride + x - 4] as number) : 0;
      const up = y > 0 ? (rgba[(y - 1) * stride + x] as number) : 0;
      const upLeft = x >= 4 && y > 0 ? (rgba[(y - 1) * stride + x - 4] as number) : 0;
      const predicted = filter === 1 ? left : filter === 2 ? up : filter === 3 ? Math.floor((left + up) / 2) : filter === 4 ? paeth(left, up, upLeft) : 0;
      rgba[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** How many pixels are of this colour (within a small tolerance per channel), opaque. */
export function countPixels(image: PngImage, [r, g, b]: readonly [number, number, number], tolerance = 8): number {
  let count = 0;
  for (let i = 0; i < image.rgba.length; i += 4) {
    const near = Math.abs((image.rgba[i] as number) - r) <= tolerance && Math.abs((image.rgba[i + 1] as number) - g) <= tolerance && Math.abs((image.rgba[i + 2] as number) - b) <= tolerance;
    if (near && (image.rgba[i + 3] as number) > 200) count++;
  }
  return count;
}
