// Seeded PRNG (sfc32): fast, 128-bit state, identical sequences for identical seeds.
export type Rng = () => number; // uint32

export function createRng(seed: number): Rng {
  let a = 0x9e3779b9,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed >>> 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return r >>> 0;
  };
  for (let i = 0; i < 16; i++) next(); // mix the seed into the state
  return next;
}

/** Float in [0, 1). */
export const unit = (rng: Rng): number => rng() / 4294967296;
/** Integer in [min, max]. */
export const intBetween = (rng: Rng, min: number, max: number): number => min + Math.floor(unit(rng) * (max - min + 1));

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex8 = (x: number): string => HEX[x >>> 24] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
const hex4 = (x: number): string => HEX[(x >>> 8) & 255] + HEX[x & 255];

/** RFC 4122 version-4-shaped UUID drawn from the PRNG (deterministic ids make seeded data comparable). */
export function uuidFrom(rng: Rng): string {
  const a = rng(),
    b = rng(),
    c = rng(),
    d = rng();
  return `${hex8(a)}-${hex4(b >>> 16)}-${hex4((b & 0x0fff) | 0x4000)}-${hex4(((c >>> 16) & 0x3fff) | 0x8000)}-${hex4(c)}${hex8(d)}`;
}
