// Browser test of opening an account: a new staff member adds an account for a
// customer who is not in Slate yet, with a credit limit and a "first Monday,
// every 3 weeks" settlement schedule, and sees the account page. Needs a
// running instance (SLATE_URL, SLATE_ADMIN_EMAIL, SLATE_ADMIN_PASSWORD).
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

async function signIn(page, email, password) {
  await page.goto(`${BASE}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// YYYY-MM-DD of a Date taken as a civil date (UTC fields).
function iso(d) {
  return d.toISOString().slice(0, 10);
}

// The statement dates of "every 3 weeks on first monday" from start.
function firstMondayEvery3Weeks(start, n) {
  const d = new Date(`${start}T00:00:00Z`);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(iso(d));
    d.setUTCDate(d.getUTCDate() + 21);
  }
  return out;
}

test('a new staff member opens an account for a new customer', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  const stamp = `${Date.now()}${process.pid}`;
  const staffEmail = `opener${stamp}@example.com`;
  const temporary = 'temporary pass 789';
  const own = 'opener own pass 246';
  const customer = `Zed Newcomer ${stamp}`;
  try {
    // An administrator adds the new staff member, as a Manager.
    await signIn(page, EMAIL, PASSWORD);
    await page.goto(`${BASE}/staff/new`);
    await page.fill('#email', staffEmail);
    await page.fill('#name', `Opener ${stamp}`);
    await page.selectOption('#group_id', { label: 'Manager' });
    await page.fill('#password', temporary);
    await submit(page, 'button:has-text("Add staff member")');
    await submit(page, 'header button:has-text("Sign out")');

    // The new staff member signs in and chooses a password.
    await signIn(page, staffEmail, temporary);
    await page.fill('#current_password', temporary);
    await page.fill('#new_password', own);
    await page.fill('#confirm_password', own);
    await submit(page, 'button:has-text("Change password")');

    // They look for the customer, who is not there yet.
    await page.goto(`${BASE}/dashboard`);
    await page.click('header nav a:has-text("Accounts")');
    await page.click('a[href="/accounts/new"]');
    await page.fill('#q', customer);
    await submit(page, 'button:has-text("Search")');
    assert.ok((await page.textContent('main')).includes('No customer matches'),
      'the search says no customer matches');

    // They enter the customer and the account together.
    const start = iso(new Date(Date.now() + 30 * 86400000));
    await page.fill('#customer_name', customer);
    await page.fill('#customer_email', `zed${stamp}@example.com`);
    await page.fill('#credit_limit', '500');
    await page.check('input[name="pay_later"]');
    await page.fill('#frequency', 'every 3 weeks on first monday');
    await page.fill('#frequency_start', start);
    await submit(page, 'button:has-text("Create account")');

    // The account page.
    assert.match(new URL(page.url()).pathname, /^\/accounts\/A\d{6,}$/, `landed on ${page.url()}`);
    const main = await page.textContent('main');
    assert.ok(main.includes(customer), 'the customer is named');
    assert.ok(main.includes('€500.00'), 'the credit limit is shown');
    assert.equal((await page.textContent('dd.available')).trim(), '€500.00', 'available to spend');
    const dates = await page.$$eval('ol.dates time', (ts) => ts.map((t) => t.getAttribute('datetime')));
    assert.deepEqual(dates, firstMondayEvery3Weeks(start, 5), 'the next five statement dates');
    assert.equal(await page.getAttribute('dd time', 'datetime'), dates[0], 'the next statement date');
    await page.screenshot({ path: join(SCREENSHOTS, 'account-page.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
