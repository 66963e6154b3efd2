/**
 * Renders the login page's artwork (soft brand-colour light behind a payment card) at the widths the page asks for,
 * in Chromium's canvas, and encodes each width as AVIF (avifenc), WebP (cwebp) and JPEG (the fallback) into
 * src/assets/. Run it after changing the artwork: `node cli/bin/run-ts.js system-under-test/web/scripts/render-login-art.ts`
 * (needs /usr/bin/chromium, and avifenc and cwebp: Debian's libavif-bin and webp). The outputs are committed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { LOGIN_ART } from '../src/components/login-art-sizes.ts';

const OUT = fileURLToPath(new URL('../src/assets/', import.meta.url));

/** Draws the artwork on a canvas of w × h (runs in the page). */
function draw(w: number, h: number): { png: string; jpeg: string } {
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  const s = w / 360;
  const bg = ctx.createLinearGradient(0, 0, w, h);
  bg.addColorStop(0, '#0f2a8a');
  bg.addColorStop(1, '#1b4dd8');
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, w, h);
  ctx.filter = `blur(${Math.round(28 * s)}px)`;
  for (const [x, y, r, colour] of [
    [0.15, 0.2, 70, '#38bdf8'],
    [0.8, 0.85, 90, '#8b5cf6'],
    [0.55, 0.1, 50, '#22d3ee'],
  ] as const) {
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.arc(x * w, y * h, r * s, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.filter = 'none';
  // The card, tilted, with a glassy face, a chip and the number's dots.
  ctx.save();
  ctx.translate(w * 0.5, h * 0.52);
  ctx.rotate(-0.08);
  const cw = 190 * s;
  const ch = 110 * s;
  ctx.shadowColor = 'rgba(5, 12, 40, 0.45)';
  ctx.shadowBlur = 24 * s;
  ctx.shadowOffsetY = 10 * s;
  const face = ctx.createLinearGradient(-cw / 2, -ch / 2, cw / 2, ch / 2);
  face.addColorStop(0, 'rgba(255,255,255,0.95)');
  face.addColorStop(1, 'rgba(226,234,255,0.9)');
  ctx.fillStyle = face;
  ctx.beginPath();
  ctx.roundRect(-cw / 2, -ch / 2, cw, ch, 14 * s);
  ctx.fill();
  ctx.shadowColor = 'transparent';
  ctx.fillStyle = '#f5b942';
  ctx.beginPath();
  ctx.roundRect(-cw / 2 + 18 * s, -ch / 2 + 22 * s, 30 * s, 22 * s, 4 * s);
  ctx.fill();
  ctx.fillStyle = '#1b4dd8';
  for (let group = 0; group < 4; group++) {
    for (let dot = 0; dot < 4; dot++) {
      ctx.beginPath();
      ctx.arc(-cw / 2 + (22 + group * 42 + dot * 8) * s, ch / 2 - 36 * s, 2.6 * s, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.fillStyle = 'rgba(27,77,216,0.35)';
  ctx.beginPath();
  ctx.roundRect(-cw / 2 + 18 * s, ch / 2 - 22 * s, 70 * s, 8 * s, 4 * s);
  ctx.fill();
  ctx.restore();
  return { png: canvas.toDataURL('image/png'), jpeg: canvas.toDataURL('image/jpeg', 0.82) };
}

const work = mkdtempSync(join(tmpdir(), 'login-art-'));
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  for (const width of LOGIN_ART.widths) {
    const height = Math.round((width * LOGIN_ART.height) / LOGIN_ART.width);
    const { png, jpeg } = await page.evaluate(draw, width, height);
    const base = join(OUT, `login-art-${width}`);
    const source = join(work, `${width}.png`);
    writeFileSync(source, Buffer.from(png.split(',')[1], 'base64'));
    writeFileSync(`${base}.jpg`, Buffer.from(jpeg.split(',')[1], 'base64'));
    execFileSync('cwebp', ['-quiet', '-q', '78', '-m', '6', source, '-o', `${base}.webp`]);
    execFileSync('avifenc', ['--min', '20', '--max', '34', '--speed', '2', '--jobs', '1', source, `${base}.avif`], { stdio: 'ignore' });
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
