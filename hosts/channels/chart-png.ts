/**
 * A small bar chart as a PNG, drawn pixel by pixel and deflated with node's zlib: the weekly
 * digest's e-mail picture, made without a browser, a canvas module or any dependency. One bar a
 * unit, its height its completion (capped at 150%), its colour its light; a dark line marks
 * 100%. Names are not drawn (no font here): the e-mail's text lists the units in bar order.
 */
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

const COLOURS: Record<string, Rgb> = { green: [82, 196, 26], yellow: [250, 173, 20], red: [245, 34, 45], grey: [191, 191, 191] };
const BACKGROUND: Rgb = [255, 255, 255];
const AXIS: Rgb = [89, 89, 89];
const HUNDRED: Rgb = [38, 38, 38];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGB pixels (width × height × 3, row by row) as a PNG. */
function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]);
}

export const CHART = { height: 120, bar: 18, gap: 6, margin: 8, max: 1.5 } as const;

/** The chart of bars ({ratio, light}), left to right: a few hundred bytes for a team. */
export function barChartPng(bars: ReadonlyArray<{ ratio: number; light: string }>): Buffer {
  const { height, bar, gap, margin, max } = CHART;
  const width = margin * 2 + Math.max(1, bars.length) * (bar + gap) - gap;
  const px = new Uint8Array(width * height * 3);
  const set = (x: number, y: number, c: Rgb) => { const i = (y * width + x) * 3; px[i] = c[0]; px[i + 1] = c[1]; px[i + 2] = c[2]; };
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) set(x, y, BACKGROUND);
  const plot = height - margin * 2;
  const floor = height - margin;
  bars.forEach((b, i) => {
    const h = Math.round(Math.min(Math.max(b.ratio, 0), max) / max * plot);
    const x0 = margin + i * (bar + gap);
    for (let y = floor - h; y < floor; y++) for (let x = x0; x < x0 + bar; x++) set(x, y, COLOURS[b.light] ?? COLOURS.grey!);
  });
  const hundred = floor - Math.round(plot / max);
  for (let x = 0; x < width; x++) { set(x, floor, AXIS); if (x % 4 < 2) set(x, hundred, HUNDRED); }
  return encodePng(width, height, px);
}
