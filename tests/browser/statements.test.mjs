// Browser test of statements: an administrator opens an account that owes
// 120.00 with a statement address, issues its statement now, reads the
// statement page, downloads its CSV, and looks at it as it prints: the
// navigation, the actions and the forms are gone, the statement stays.
// Needs a running instance (SLATE_URL, SLATE_ADMIN_EMAIL, SLATE_ADMIN_PASSWORD).
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

test('a statement issued now, read on screen, downloaded and printed', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  const stamp = `${Date.now()}${process.pid}`;
  const customer = `Stella Statement ${stamp}`;
  try {
    await page.goto(`${BASE}/login`);
    await page.fill('#email', EMAIL);
    await page.fill('#password', PASSWORD);
    await submit(page, 'button[type="submit"]');

    // An account for a new customer who owes 120.00, with a statement address.
    await page.goto(`${BASE}/accounts/new`);
    await page.fill('#q', customer);
    await submit(page, 'button:has-text("Search")');
    await page.fill('#customer_name', customer);
    await page.fill('#opening', '-120.00');
    await page.fill('#credit_limit', '500');
    await page.check('input[name="pay_later"]');
    await page.fill('#statement_email', `stella-${stamp}@example.com`);
    await submit(page, 'button:has-text("Create account")');
    const account = new URL(page.url()).pathname;
    assert.match(account, /^\/accounts\/A\d{6,}$/, `landed on ${page.url()}`);

    // Its statements, then "Issue statement now".
    await submit(page, 'p.account-statements a:has-text("Statements")');
    assert.equal(new URL(page.url()).pathname, `${account}/statements`);
    assert.ok((await page.textContent('main')).includes('No statements match.'));
    await submit(page, 'button:has-text("Issue statement now")');
    const statement = new URL(page.url()).pathname;
    assert.match(statement, /^\/statements\/S\d{6,}$/, `landed on ${page.url()}`);
    const number = statement.split('/').pop();
    assert.equal((await page.textContent('h1')).trim(), `Statement ${number}`);
    assert.ok((await page.textContent('p.notice')).includes('was issued'));
    assert.equal((await page.textContent('dd.closing')).trim(), '€120.00 owing');
    assert.ok((await page.textContent('dd.amount-due')).includes('€120.00'));
    assert.ok((await page.textContent('dd.customer')).includes(customer));
    assert.ok(await page.isVisible('header.top nav'), 'the navigation shows on screen');
    assert.ok(await page.isVisible('form.statement-send'), 'send again shows on screen');
    await page.screenshot({ path: join(SCREENSHOTS, 'statement.png'), fullPage: true });

    // The CSV of its lines.
    const csvHref = await page.getAttribute('a:has-text("Download CSV")', 'href');
    assert.equal(csvHref, `${statement}.csv`);
    const csv = await page.request.get(`${BASE}${csvHref}`);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    assert.match(csv.headers()['content-disposition'], new RegExp(`statement-${number}\\.csv`));

    // As it prints: the statement alone.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('header.top'), false, 'no navigation in print');
    assert.equal(await page.isVisible('form.statement-send'), false, 'no forms in print');
    assert.equal(await page.isVisible('div.actions'), false, 'no actions in print');
    assert.equal(await page.isVisible('section.delivery-log'), false, 'no delivery log in print');
    assert.ok(await page.isVisible('article.statement'), 'the statement prints');
    assert.ok(await page.isVisible('table.statement-ageing'), 'its ageing prints');
    await page.screenshot({ path: join(SCREENSHOTS, 'statement-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // The Print link: the statement alone on screen too.
    await submit(page, 'a.button:has-text("Print")');
    assert.equal(new URL(page.url()).search, '?print=1');
    assert.equal(await page.isVisible('header.top'), false, 'the print view has no navigation');
    assert.ok(await page.isVisible('article.statement.print-view'));
    assert.equal(await page.locator('form.statement-send').count(), 0);

    // The store's list has it, with its delivery status.
    await page.goto(`${BASE}/statements?account=${account.split('/').pop()}`);
    const row = page.locator('table.statements tbody tr', { hasText: number });
    assert.equal(await row.count(), 1);
    assert.ok((await row.textContent()).includes('€120.00'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
