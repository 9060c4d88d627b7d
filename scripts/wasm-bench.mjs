// Serves the wasm-bindgen output of cbec-rules-wasm-bench on 127.0.0.1 and times
// evaluate_cart() in headless Chromium. Prints the median, min and max time of one
// evaluation over the samples.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { chromium } from 'playwright-core';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/wasm-bench.mjs OUT_DIR (the wasm-bindgen --target web output)');
  process.exit(2);
}

const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const page_html = '<!doctype html><meta charset="utf-8"><title>wasm bench</title>';
const server = createServer((request, response) => {
  const path = new URL(request.url, 'http://127.0.0.1').pathname;
  if (path === '/') {
    response.writeHead(200, { 'content-type': types['.html'] }).end(page_html);
    return;
  }
  try {
    const body = readFileSync(join(dir, path.replace(/^\/+/, '').replace(/\.\./g, '')));
    response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const profile = mkdtempSync(join(tmpdir(), 'cbec-wasm-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(base);
  const result = await page.evaluate(async () => {
    const bench = await import('/cbec_rules_wasm_bench.js');
    await bench.default();
    const iterations = 2000;
    const samples = 15;
    if (bench.evaluate_cart(200) !== 200) throw new Error('warm-up: the cart was not accepted');
    const perEvaluation = [];
    for (let sample = 0; sample < samples; sample += 1) {
      const start = performance.now();
      const accepted = bench.evaluate_cart(iterations);
      const elapsed = performance.now() - start;
      if (accepted !== iterations) throw new Error(`sample ${sample}: ${accepted} of ${iterations} accepted`);
      perEvaluation.push((elapsed * 1000) / iterations);
    }
    perEvaluation.sort((a, b) => a - b);
    return { iterations, samples, perEvaluation, userAgent: navigator.userAgent };
  });
  if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
  const us = result.perEvaluation;
  const fmt = (value) => value.toFixed(2);
  console.log(`browser: ${result.userAgent}`);
  console.log(`${result.samples} samples of ${result.iterations} evaluations of the 50-line cart`);
  console.log(`evaluate, µs per cart: median ${fmt(us[Math.floor(us.length / 2)])}, min ${fmt(us[0])}, max ${fmt(us[us.length - 1])}`);
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
