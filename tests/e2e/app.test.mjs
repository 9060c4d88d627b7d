// End-to-end test of the web app in headless Chromium against the real platform server.
//
// Builds nothing: it expects the app built into dist/ (`trunk build --release`) and the
// platform binary built. Run from the repository root:
//
//   node --test tests/e2e/
//
// Environment:
//   CBEC_PLATFORM_BIN  platform binary (default: the first of $CARGO_TARGET_DIR/{release,debug}
//                      and target/{release,debug} that has cbec-platform)
//   CBEC_DIST          built app (default: dist)
//   CBEC_CHROMIUM      browser (default: /usr/bin/chromium)
//
// Screenshots go to test-results/e2e/.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'e2e');
const STARTUP_TIMEOUT_MS = 60_000;

function platformBinary() {
  if (process.env.CBEC_PLATFORM_BIN) {
    return path.resolve(ROOT, process.env.CBEC_PLATFORM_BIN);
  }
  const targetDirs = [process.env.CARGO_TARGET_DIR, path.join(ROOT, 'target')].filter(Boolean);
  const candidates = targetDirs.flatMap((dir) =>
    ['release', 'debug'].map((profile) => path.resolve(ROOT, dir, profile, 'cbec-platform')),
  );
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
}

// Money strings from the API ("14236.48") as whole fen, so the test never uses floats.
function toFen(amount) {
  const match = /^(\d+)\.(\d{2})$/.exec(amount);
  assert.ok(match, `amount ${amount} has two decimals`);
  return BigInt(match[1]) * 100n + BigInt(match[2]);
}

function grouped(fen) {
  const whole = (fen / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (fen % 100n).toString().padStart(2, '0');
  return `${whole}.${cents}`;
}

const zhMoney = (fen) => `${grouped(fen)} 元`;
const enMoney = (fen) => `¥${grouped(fen)}`;

// Starts the platform on a free port with a fresh SQLite file and the demo data, and
// resolves with its base URL once it prints the line announcing it.
async function startPlatform(binary, dist, dataDir) {
  const args = [
    '--addr', '127.0.0.1:0',
    '--database-url', `sqlite://${path.join(dataDir, 'cbec.sqlite')}?mode=rwc`,
    '--static-dir', dist,
    '--demo-data',
  ];
  const child = spawn(binary, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(chunk.toString()));

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`platform printed no URL within ${STARTUP_TIMEOUT_MS} ms; stderr:\n${stderr.join('')}`));
    }, STARTUP_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code} before printing its URL; stderr:\n${stderr.join('')}`));
    });
  });
  child.removeAllListeners('exit');
  return { child, url };
}

async function stopPlatform(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(resolve, 5_000, 'timeout'));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

describe('cbec-check web app', () => {
  let platform;
  let baseUrl;
  let dataDir;
  let profileDir;
  let context;
  let page;
  let quota;
  const pageErrors = [];
  // Chromium reports every failed request as a console error; the steps that make the
  // API fail on purpose allow those, and only those.
  let allowFailedLoads = false;

  const text = async (selector) => (await page.locator(selector).first().textContent())?.trim();
  const screenshot = (name) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const line = (field) => page.locator(`#cbec-line-0-${field}`);

  async function fetchQuota() {
    const response = await fetch(`${baseUrl}api/v1/shoppers/demo/quota`);
    assert.equal(response.status, 200, 'quota API answers');
    return response.json();
  }

  async function chooseTaxClass(id) {
    await page.locator('#cbec-line-0-class').selectOption(id);
  }

  before(async () => {
    const binary = platformBinary();
    const dist = path.resolve(ROOT, process.env.CBEC_DIST ?? 'dist');
    assert.ok(existsSync(binary), `platform binary ${binary} exists: build it or set CBEC_PLATFORM_BIN`);
    assert.ok(existsSync(path.join(dist, 'index.html')), `${dist}/index.html exists: run trunk build --release or set CBEC_DIST`);

    await mkdir(SCREENSHOTS, { recursive: true });
    dataDir = await mkdtemp(path.join(tmpdir(), 'cbec-e2e-data-'));
    profileDir = await mkdtemp(path.join(tmpdir(), 'cbec-e2e-profile-'));
    platform = await startPlatform(binary, dist, dataDir);
    baseUrl = platform.url;

    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CBEC_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') {
        return;
      }
      if (allowFailedLoads && message.text().startsWith('Failed to load resource')) {
        return;
      }
      pageErrors.push(`console error: ${message.text()}`);
    });
  });

  after(async () => {
    await context?.close();
    if (platform) {
      await stopPlatform(platform.child);
    }
    await Promise.all([dataDir, profileDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('shows the quota the API returns', async () => {
    quota = await fetchQuota();
    await page.goto(baseUrl);
    await page.locator('[data-figure="used"] dd').waitFor();

    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.title(), '年度额度 · 跨境通关自查');
    assert.equal(await text('[data-figure="used"] dd'), zhMoney(toFen(quota.used)));
    assert.equal(await text('[data-figure="remaining"] dd'), zhMoney(toFen(quota.remaining)));
    assert.equal(await text('[data-figure="annual_limit"] dd'), zhMoney(toFen(quota.annual_limit)));
    assert.equal(await text('[data-figure="single_order_limit"] dd'), zhMoney(toFen(quota.single_order_limit)));
    assert.equal(await text('[data-figure="year"] dd'), `${quota.year} 年`);
    assert.equal(await text('[data-figure="orders_counted"] dd'), String(quota.orders_counted));
    assert.equal(await text('[data-figure="rule_set"] dd'), `${quota.rule_set} 起施行`);

    const meter = page.locator('[role="meter"]');
    assert.equal(await meter.getAttribute('aria-valuenow'), quota.used);
    assert.equal(await meter.getAttribute('aria-valuemin'), '0');
    assert.equal(await meter.getAttribute('aria-valuemax'), quota.annual_limit);
    assert.match(await meter.getAttribute('aria-label'), new RegExp(`^${quota.year} 年度额度已用 [\\d.]+%$`));

    // The page fetched its own copy moments after the test did, so its time may be a
    // minute later.
    const shown = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})（北京时间）$/.exec(await text('[data-figure="as_of"] dd'));
    assert.ok(shown, 'as-of time is shown in CST');
    const shownUtc = Date.UTC(shown[1], shown[2] - 1, shown[3], shown[4] - 8, shown[5]);
    const apiUtc = Math.floor(Date.parse(quota.as_of) / 60_000) * 60_000;
    assert.ok(Math.abs(shownUtc - apiUtc) <= 120_000, `shown time ${shown[0]} matches ${quota.as_of}`);
    const asOfWrap = await page
      .locator('[data-figure="as_of"] dd .cbec-nowrap')
      .evaluate((element) => getComputedStyle(element).whiteSpace);
    assert.equal(asOfWrap, 'nowrap', 'the time and its zone never wrap apart');

    await screenshot('home-zh');
  });

  it('computes the worked tax examples', async () => {
    await page.getByRole('link', { name: '购物车自查', exact: true }).click();
    await page.locator('#cbec-line-0-name').waitFor();
    assert.equal(await page.title(), '购物车自查 · 跨境通关自查');

    // General goods 100 + freight 10: dutiable value 110, tax 110 × 9.1 % = 10.01.
    await line('name').fill('T恤');
    await line('hs-code').fill('6109100000');
    await line('unit-price').fill('100');
    await line('quantity').fill('1');
    await chooseTaxClass('general');
    await page.locator('#cbec-freight').fill('10');
    assert.equal(await text('[data-result="dutiable_value"] dd'), '110.00 元');
    assert.equal(await text('[data-result="tax_total"] dd'), '10.01 元');

    // Wine at a dutiable value of 300: CT 23.33 + VAT 30.33 = 53.66, rounded per component.
    await line('name').fill('红酒');
    await line('hs-code').fill('2204210000');
    await line('unit-price').fill('300');
    await chooseTaxClass('wine');
    await page.locator('#cbec-freight').fill('0');
    assert.equal(await text('[data-result="tax_total"] dd'), '53.66 元');
    assert.equal(await text('tr[data-line="0"] [data-tax="consumption_tax"]'), '23.33 元');
    assert.equal(await text('tr[data-line="0"] [data-tax="vat"]'), '30.33 元');
    assert.equal(await text('tr[data-line="0"] [data-tax="total"]'), '53.66 元');
    await screenshot('cart-wine-zh');
  });

  it('names the amount over the remaining annual quota', async () => {
    // A cart of one order (at most 5,000) cannot exceed the demo's remaining quota of
    // about 11,700, so the cart contains one watch between 5,000 and 26,000: the
    // single-item exception lets it through the single-order limit, and the annual
    // limit then rejects it by its dutiable value minus the remaining quota.
    const price = '20000.00';
    const freight = '88.88';
    const dutiableValue = toFen(price) + toFen(freight);
    const remaining = toFen((await fetchQuota()).remaining);
    assert.ok(dutiableValue > 500_000n, 'the cart is above the single-order limit');
    assert.ok(dutiableValue < 2_600_000n, 'the cart is below the annual limit');
    assert.ok(remaining < dutiableValue, `remaining quota ${remaining} fen is below the cart`);
    const over = dutiableValue - remaining;

    await line('name').fill('机械手表');
    await line('hs-code').fill('9102110000');
    await line('unit-price').fill(price);
    await line('quantity').fill('1');
    await chooseTaxClass('watch');
    await page.locator('#cbec-freight').fill(freight);

    assert.equal(await text('[data-result="dutiable_value"] dd'), zhMoney(dutiableValue));
    const annual = page.locator('[data-verdict="annual"]');
    assert.match(await annual.getAttribute('class'), /cbec-verdict--bad/);
    assert.ok(
      (await annual.textContent()).startsWith(`超出年度剩余额度 ${zhMoney(over)}`),
      `warning names ${zhMoney(over)}: ${await annual.textContent()}`,
    );
    assert.match(await page.locator('[data-verdict="exception"]').getAttribute('class'), /cbec-verdict--warn/);
    assert.equal(await page.locator('thead th').filter({ hasText: '关税' }).count(), 1, 'full tax shows the tariff');
    await screenshot('cart-over-quota-zh');

    // The English text names the same amount.
    await page.locator('.cbec-lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.ok(
      (await annual.textContent()).startsWith(`Exceeds your remaining annual quota by ${enMoney(over)}`),
      `English warning names ${enMoney(over)}: ${await annual.textContent()}`,
    );
    await screenshot('cart-over-quota-en');
  });

  it('keeps English after a reload', async () => {
    assert.equal(await page.title(), 'Cart check · CBEC customs self-check');
    assert.equal(await text('h1'), 'Cart check');
    assert.equal(await text('.cbec-lang-switch'), '中文');

    await page.reload();
    await page.locator('#cbec-line-0-name').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await text('h1'), 'Cart check');
    assert.equal(await text('label[for="cbec-line-0-unit-price"]'), 'Unit price (¥)');
  });

  it('marks bad input next to the field', async () => {
    await line('name').fill('Face cream');
    await line('hs-code').fill('12345');
    await line('unit-price').fill('12.345');
    await line('quantity').fill('0');

    const expectations = [
      ['hs-code', 'The commodity code must be 10 digits, such as 3304990099.'],
      ['unit-price', 'Use at most two decimals (to the fen), such as 128.50.'],
      ['quantity', 'The quantity must be at least 1.'],
    ];
    for (const [field, message] of expectations) {
      const input = line(field);
      assert.equal(await input.getAttribute('aria-invalid'), 'true', `${field} is marked invalid`);
      assert.equal(await input.getAttribute('aria-describedby'), `cbec-line-0-${field}-error`);
      assert.equal(await text(`#cbec-line-0-${field}-error`), message);
    }
    assert.equal(await line('name').getAttribute('aria-invalid'), 'false');

    // Nothing is computed from bad values, and the results list the fields to fix.
    assert.equal(await page.locator('[data-result="tax_total"]').count(), 0);
    const fixes = await page.locator('.cbec-results__fix li').allTextContents();
    assert.deepEqual(fixes, [
      `Line 1, Commodity code (10 digits): ${expectations[0][1]}`,
      `Line 1, Unit price (¥): ${expectations[1][1]}`,
      `Line 1, Quantity (pieces): ${expectations[2][1]}`,
    ]);
    await screenshot('cart-bad-input-en');

    // Other bad amounts: negative, not a number, absurdly large, empty.
    const amounts = [
      ['-5', 'The amount cannot be negative.'],
      ['1,000', 'Not a valid amount: use digits and at most one decimal point, such as 128.50, with no thousands separators or currency sign.'],
      ['99999999999', 'The amount is too large. Check for extra digits.'],
      ['', 'Enter an amount, such as 128.50.'],
    ];
    for (const [input, message] of amounts) {
      await page.locator('#cbec-freight').fill(input);
      assert.equal(await text('#cbec-freight-error'), message, `freight ${JSON.stringify(input)}`);
    }
    await line('quantity').fill('1.5');
    assert.equal(await text('#cbec-line-0-quantity-error'), 'The quantity must be a whole number, such as 2.');

    // The same error in Chinese after switching back.
    await page.locator('.cbec-lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    assert.equal(await text('#cbec-line-0-unit-price-error'), '金额最多两位小数（精确到分），例如 128.50。');
    assert.equal(await text('#cbec-line-0-hs-code-error'), '商品编码须为 10 位数字，例如 3304990099。');
    await screenshot('cart-bad-input-zh');

    // Fixing the fields brings the results back.
    await line('hs-code').fill('3304990099');
    await line('unit-price').fill('12.34');
    await line('quantity').fill('1');
    await page.locator('#cbec-freight').fill('0');
    await chooseTaxClass('cosmetics');
    assert.equal(await page.locator('[data-result="tax_total"]').count(), 0, 'cosmetics need the net content');
    await line('content').fill('50');
    assert.equal(await line('unit-price').getAttribute('aria-invalid'), 'false');
    // 12.34 for 50 ml is far below the high-end threshold: VAT only, 12.34 × 9.1 % = 1.12.
    assert.equal(await text('[data-result="tax_total"] dd'), '1.12 元');
  });

  it('holds back errors of an untouched line', async () => {
    await page.locator('.cbec-add-line').click();
    await page.locator('#cbec-line-1-name').waitFor();
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0, 'no field is marked invalid');
    assert.equal(await page.locator('.cbec-results__fix').count(), 0, 'no list of fields to fix');
    assert.equal(await text('.cbec-results__prompt'), '填写第 2 件商品后显示结果。');
    assert.equal(await page.locator('[data-result="dutiable_value"]').count(), 0, 'nothing is computed');

    // The line card (a fieldset) lines up with the other cards.
    const lineBox = await page.locator('.cbec-line').first().boundingBox();
    const resultsBox = await page.locator('.cbec-results').boundingBox();
    assert.equal(lineBox.x, resultsBox.x, 'line card starts where the results card starts');
    assert.equal(lineBox.width, resultsBox.width, 'line card is as wide as the results card');
    await screenshot('cart-new-line-zh');

    // A touched field with a bad value is marked at once, and still nothing is computed.
    const price = page.locator('#cbec-line-1-unit-price');
    await price.fill('12.345');
    assert.equal(await price.getAttribute('aria-invalid'), 'true');
    assert.equal(await text('#cbec-line-1-unit-price-error'), '金额最多两位小数（精确到分），例如 128.50。');
    assert.deepEqual(await page.locator('.cbec-results__fix li').allTextContents(), [
      '第 2 件商品的单价（元）：金额最多两位小数（精确到分），例如 128.50。',
    ]);
    assert.equal(await page.locator('[data-result="dutiable_value"]').count(), 0, 'bad input is not computed');
    await screenshot('cart-new-line-bad-zh');

    await page.getByRole('button', { name: '删除第 2 件商品', exact: true }).click();
    assert.equal(await text('[data-result="tax_total"] dd'), '1.12 元');
  });

  it('reports both limit breaches', async () => {
    // 2 × 6,000 is 7,000 over the single-order limit, and above the demo's remaining
    // annual quota too, by 12,000 minus what remains.
    const dutiableValue = 2n * toFen('6000.00');
    const remaining = toFen((await fetchQuota()).remaining);
    assert.ok(remaining < dutiableValue, `remaining quota ${remaining} fen is below the cart`);
    const annualOver = dutiableValue - remaining;

    await line('name').fill('大衣');
    await line('hs-code').fill('6201300000');
    await line('unit-price').fill('6000.00');
    await line('quantity').fill('2');
    await chooseTaxClass('general');
    await page.locator('#cbec-freight').fill('0');

    assert.equal(await text('[data-result="dutiable_value"] dd'), zhMoney(dutiableValue));
    const single = page.locator('[data-verdict="single"]');
    assert.match(await single.getAttribute('class'), /cbec-verdict--bad/);
    assert.match(await single.textContent(), new RegExp(`达 ${zhMoney(700_000n)}，海关将退单`));
    const annual = page.locator('[data-verdict="annual"]');
    assert.match(await annual.getAttribute('class'), /cbec-verdict--bad/);
    assert.ok(
      (await annual.textContent()).startsWith(`超出年度剩余额度 ${zhMoney(annualOver)}`),
      `annual verdict names ${zhMoney(annualOver)}: ${await annual.textContent()}`,
    );

    // A rejected cart owes no tax yet: the figures are a secondary reference.
    const referenceTotal = await text('tr[data-line="total"] [data-tax="total"]');
    assert.equal(await page.locator('[data-result="tax_total"]').count(), 0, 'no total tax headline');
    assert.equal(await text('[data-result="tax_reference"]'), `参考税额：调整到限额以内后应缴 ${referenceTotal}`);
    assert.equal(await text('.cbec-tax-table caption'), '各件商品的参考税额');
    const fontSize = (selector) =>
      page.locator(selector).evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    assert.ok(
      (await fontSize('[data-result="tax_reference"]')) < (await fontSize('[data-result="dutiable_value"] dd')),
      'the reference tax is smaller than the dutiable value',
    );
    await screenshot('cart-both-limits-zh');

    await page.locator('.cbec-lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal(
      await text('[data-result="tax_reference"]'),
      `Tax for reference, once the cart fits the limits: ${await text('tr[data-line="total"] [data-tax="total"]')}`,
    );
    assert.ok((await annual.textContent()).startsWith(`Exceeds your remaining annual quota by ${enMoney(annualOver)}`));
    await screenshot('cart-both-limits-en');
  });

  it('fits the tax table on a phone', async () => {
    const width = 375;
    await page.setViewportSize({ width, height: 800 });
    try {
      const caption = await page.locator('.cbec-tax-table caption').boundingBox();
      assert.ok(caption.x >= 0, `caption starts inside the viewport: x = ${caption.x}`);
      assert.ok(caption.x + caption.width <= width, `caption ends inside the viewport: ${caption.x + caption.width}`);
      const vat = await page.locator('tr[data-line="total"] [data-tax="vat"]').boundingBox();
      assert.ok(vat.x + vat.width <= width, `VAT of the total ends inside the viewport: ${vat.x + vat.width}`);
      const overflow = await page
        .locator('.cbec-table-wrap')
        .evaluate((element) => element.scrollWidth - element.clientWidth);
      assert.equal(overflow, 0, 'the table needs no sideways scrolling');
      assert.equal(await text('tr[data-line="total"] [data-tax="vat"]'), '¥1,092.00');
      await screenshot('cart-mobile-en');
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }

    await page.locator('.cbec-lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  });

  it('keeps the last figures when the API fails', async () => {
    const used = zhMoney(toFen(quota.used));
    const home = () => page.getByRole('link', { name: '年度额度', exact: true }).click();
    const cart = () => page.getByRole('link', { name: '购物车自查', exact: true }).click();
    const quotaUrl = '**/api/v1/shoppers/demo/quota';
    allowFailedLoads = true;

    // A malformed body: the figures on screen stay, marked with their time.
    await home();
    await page.locator('[data-figure="used"] dd').waitFor();
    await page.route(quotaUrl, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"shopper_id":"demo","used":12' }),
    );
    await cart();
    await home();
    await page.getByRole('alert').waitFor();
    assert.match(await text('[role="alert"] .cbec-alert__message'), /额度服务返回的数据无法识别/);
    assert.equal(await text('.cbec-retry'), '重试');
    assert.match(await text('.cbec-note--stale'), /^以下为 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）的数据，可能已过时。$/);
    assert.equal(await text('[data-figure="used"] dd'), used);
    await screenshot('home-stale-zh');

    // An HTTP error with the API's error body: the message names status and code.
    await page.unroute(quotaUrl);
    await page.route(quotaUrl, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: '{"error":{"code":"database.unavailable","message":"down","field":null}}',
      }),
    );
    await page.locator('.cbec-retry').click();
    await page.waitForFunction(() => document.querySelector('.cbec-alert__message')?.textContent.includes('503'));
    assert.equal(
      await text('.cbec-alert__message'),
      '额度服务返回错误（HTTP 503，database.unavailable）。请稍后点击“重试”。',
    );

    // Offline reload: the figures come from localStorage, marked as cached.
    await page.unroute(quotaUrl);
    await page.route(quotaUrl, (route) => route.abort('internetdisconnected'));
    await page.reload();
    await page.getByRole('alert').waitFor();
    assert.match(await text('.cbec-alert__message'), /无法连接额度服务/);
    assert.match(await text('.cbec-note--stale'), /^离线缓存：以下为 .+的数据，可能已过时。$/);
    assert.equal(await text('[data-figure="used"] dd'), used);
    await screenshot('home-cached-zh');

    // Back online: Retry replaces the cached figures and clears the marks.
    await page.unroute(quotaUrl);
    await page.locator('.cbec-retry').click();
    await page.getByRole('alert').waitFor({ state: 'detached' });
    assert.equal(await page.locator('.cbec-note--stale').count(), 0);
    assert.equal(await text('[data-figure="used"] dd'), used);

    // The server stops: the next refresh fails for real.
    await stopPlatform(platform.child);
    await cart();
    await home();
    await page.getByRole('alert').waitFor();
    assert.match(await text('.cbec-alert__message'), /无法连接额度服务/);
    assert.equal(await text('[data-figure="used"] dd'), used);
    assert.equal(await page.locator('.cbec-note--stale').count(), 1);
    await screenshot('home-server-down-zh');
  });

  it('shows a not-found page for unknown paths', async () => {
    // The server is down now, so this navigates inside the app.
    await page.evaluate(() => {
      history.pushState(null, '', '/no-such-page');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.locator('.cbec-not-found').waitFor();
    assert.equal(await text('.cbec-not-found h1'), '页面不存在');
    assert.equal(await page.title(), '页面不存在 · 跨境通关自查');
  });

  it('raised no page or console errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
