// Browser test of money on an account: an administrator opens an account that
// already owes 120.00, settles part of that charge as a chosen transaction,
// takes a deposit that leaves credit in hand, pays that credit out onto a new
// gift card, and follows each receipt. Needs a running instance (SLATE_URL,
// SLATE_ADMIN_EMAIL, SLATE_ADMIN_PASSWORD).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.SLATE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const EMAIL = process.env.SLATE_ADMIN_EMAIL || 'admin@example.com';
const PASSWORD = process.env.SLATE_ADMIN_PASSWORD;
const CHROMIUM = process.env.SLATE_CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = join(here, 'screenshots');

let browser;

before(async () => {
  assert.ok(PASSWORD, 'SLATE_ADMIN_PASSWORD must be set');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
});

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// The text of the balance on the account page.
async function balance(page) {
  return (await page.textContent('dd.balance')).trim();
}

test('a charge settled in part, a deposit, and its credit paid onto a gift card', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  const stamp = `${Date.now()}${process.pid}`;
  const customer = `Mona Money ${stamp}`;
  try {
    await page.goto(`${BASE}/login`);
    await page.fill('#email', EMAIL);
    await page.fill('#password', PASSWORD);
    await submit(page, 'button[type="submit"]');

    // An account for a new customer who already owes 120.00.
    await page.goto(`${BASE}/accounts/new`);
    await page.fill('#q', customer);
    await submit(page, 'button:has-text("Search")');
    await page.fill('#customer_name', customer);
    await page.fill('#opening', '-120.00');
    await page.fill('#credit_limit', '500');
    await page.check('input[name="pay_later"]');
    await submit(page, 'button:has-text("Create account")');
    const account = new URL(page.url()).pathname;
    assert.match(account, /^\/accounts\/A\d{6,}$/, `landed on ${page.url()}`);
    assert.equal(await balance(page), '€120.00 owing');

    // Settle 50.00 of the opening charge, chosen by hand, in cash.
    await submit(page, 'a.button:has-text("Settle")');
    await page.check('input[name="mode"][value="lines"]');
    const line = page.locator('input[name="line"]').first();
    const number = await line.getAttribute('value');
    await line.check();
    await page.fill(`#amount-${number}`, '50.00');
    await page.check('input[name="method"][value="cash"]');
    await submit(page, 'button:has-text("Settle")');
    assert.match(new URL(page.url()).pathname, new RegExp(`^${account}/entries/E\\d{6,}$`));
    let main = await page.textContent('main');
    assert.ok(main.includes('Settlement'), 'the receipt names a settlement');
    assert.ok(main.includes(number), 'the receipt lists the charge it paid');
    assert.ok(main.includes('€50.00'), 'the receipt shows the amount');
    await page.screenshot({ path: join(SCREENSHOTS, 'settlement-receipt.png'), fullPage: true });
    await page.goto(`${BASE}${account}`);
    assert.equal(await balance(page), '€70.00 owing');

    // A deposit of 100.00 pays the rest and leaves 30.00 in credit.
    await submit(page, 'a.button:has-text("Deposit")');
    await page.fill('#amount', '100');
    await page.selectOption('#method', 'cash');
    await page.fill('#reference', `DEP-${stamp}`);
    await submit(page, 'button:has-text("Take deposit")');
    main = await page.textContent('main');
    assert.ok(main.includes('Deposit') && main.includes('€100.00'), 'the deposit receipt');
    await page.goto(`${BASE}${account}`);
    assert.equal(await balance(page), '€30.00 in credit');

    // The credit in hand goes onto a new gift card.
    await submit(page, 'a.button:has-text("Pay out")');
    await page.fill('#amount', '30.00');
    await page.check('input[name="way"][value="new_card"]');
    await submit(page, 'button:has-text("Pay out")');
    main = await page.textContent('main');
    assert.ok(main.includes('Payout') && main.includes('€30.00'), 'the payout receipt');
    const card = await page.locator('a[href^="/gift-cards/"]').first().getAttribute('href');
    assert.ok(card, 'the receipt links the new gift card');
    await page.goto(`${BASE}${card}`);
    assert.ok((await page.textContent('main')).includes('€30.00'), 'the card holds the payout');
    await page.goto(`${BASE}${account}`);
    assert.equal(await balance(page), '€0.00');
    await page.screenshot({ path: join(SCREENSHOTS, 'account-after-money.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
