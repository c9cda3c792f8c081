// Browser tests of signing in and out, in headless Chromium driven by
// playwright-core. Needs a running instance: SLATE_URL, SLATE_ADMIN_EMAIL and
// SLATE_ADMIN_PASSWORD (./dev test sets them). Run with `node --test`.
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

// The names the seeded administrator and store have (./dev seeds them).
const ADMIN_NAME = process.env.SLATE_ADMIN_NAME || 'Administrator';
const STORE_NAME = process.env.SLATE_STORE_NAME || 'Main Store';
const NAV = ['Customers', 'Accounts', 'Settlements', 'Statements', 'Lanes', 'Staff', 'Settings'];
const LOGIN_FAILED = 'The email or password is not right.';

let browser;

before(async () => {
  assert.ok(PASSWORD, 'SLATE_ADMIN_PASSWORD must be set');
  // launch() gives Chromium a new empty profile (--user-data-dir) of its own
  // and removes it on close; it refuses a --user-data-dir among the args.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

// A fresh context and page that records console errors, uncaught page
// errors, failed requests and Content-Security-Policy violations.
async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location()?.url ? ` (${msg.location().url})` : '';
      problems.push(`console ${msg.type()}: ${msg.text()}${where}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.method()} ${req.url()}: ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  // The page's own CSP does not apply to scripts added this way.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  return { context, page, problems };
}

async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations || []);
}

async function assertSignInPage(page) {
  assert.equal(new URL(page.url()).pathname, '/login', `expected the sign-in page, at ${page.url()}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Sign in');
  assert.ok(await page.locator('#email').isVisible(), 'the email field is visible');
  assert.ok(await page.locator('#password').isVisible(), 'the password field is visible');
}

async function assertDashboard(page) {
  assert.equal(new URL(page.url()).pathname, '/dashboard', `expected the dashboard, at ${page.url()}`);
  const heading = page.getByRole('heading', { level: 1 });
  assert.equal((await heading.textContent()).trim(), `Welcome, ${ADMIN_NAME}`);
  assert.equal((await page.locator('header .store').textContent()).trim(), STORE_NAME);
  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const name of NAV) {
    const link = nav.getByRole('link', { name, exact: true });
    assert.equal(await link.count(), 1, `navigation link ${name}`);
    assert.ok(await link.isVisible(), `navigation link ${name} is visible`);
    assert.equal(await link.getAttribute('href'), `/${name.toLowerCase()}`);
  }
  assert.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible());
}

test('sign in, see the dashboard, sign out', async () => {
  const { context, page, problems } = await openPage();
  try {
    // The front page sends a visitor without a session to the sign-in page.
    const first = await page.goto(`${BASE}/`);
    assert.equal(first.status(), 200);
    await assertSignInPage(page);

    // The style sheet loaded: the header has the brand colour.
    const headerBg = await page.locator('header.top').evaluate(
      (el) => getComputedStyle(el).backgroundColor);
    assert.ok(!['transparent', 'rgba(0, 0, 0, 0)', ''].includes(headerBg),
      `the header background is ${headerBg}: slate.css did not load`);

    // An unknown email: the form comes back with one message and the email kept.
    const unknown = `nobody-${Date.now()}@example.invalid`;
    await page.fill('#email', unknown);
    await page.fill('#password', 'not the password 123');
    await Promise.all([page.waitForURL(`${BASE}/login`), page.click('button[type=submit]')]);
    const error = page.getByRole('alert');
    assert.equal((await error.textContent()).trim(), LOGIN_FAILED);
    assert.equal(await page.inputValue('#email'), unknown);
    assert.equal(await page.inputValue('#password'), '', 'the password is not sent back');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'signin-error.png'), fullPage: true });

    // The administrator signs in.
    await page.fill('#email', EMAIL);
    await page.fill('#password', PASSWORD);
    await Promise.all([
      page.waitForURL(`${BASE}/dashboard`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await assertDashboard(page);
    const dashBg = await page.locator('header.top').evaluate(
      (el) => getComputedStyle(el).backgroundColor);
    assert.ok(!['transparent', 'rgba(0, 0, 0, 0)'].includes(dashBg),
      `the dashboard header background is ${dashBg}`);

    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });

    assert.deepEqual(await cspViolations(page), [], 'no CSP violations on the dashboard');
    assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');

    // Sign out: back on the sign-in page, and the dashboard is closed again.
    await Promise.all([
      page.waitForURL(`${BASE}/login`),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    await assertSignInPage(page);
    assert.ok(!(await context.cookies()).some((c) => c.name.endsWith('slate_session') && c.value),
      'the session cookie is gone');

    const again = await page.goto(`${BASE}/dashboard`);
    assert.equal(again.status(), 200);
    await assertSignInPage(page);
    assert.deepEqual(await cspViolations(page), [], 'no CSP violations on the sign-in page');
    assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  } finally {
    await context.close();
  }
});

test('sign in and out with the keyboard only', async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.goto(`${BASE}/login`);
    await assertSignInPage(page);

    // The email field has the focus on arrival (autofocus).
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email');
    await page.keyboard.type(EMAIL);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Sign in',
      'Tab from the password reaches the Sign in button');
    await Promise.all([page.waitForURL(`${BASE}/dashboard`), page.keyboard.press('Enter')]);
    await assertDashboard(page);

    // Tab through the header to the Sign out button and press Enter.
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() =>
        document.activeElement?.tagName === 'BUTTON' &&
        document.activeElement.textContent.trim() === 'Sign out');
    }
    assert.ok(reached, 'the Sign out button is reachable with Tab');
    await Promise.all([page.waitForURL(`${BASE}/login`), page.keyboard.press('Enter')]);
    await assertSignInPage(page);

    assert.deepEqual(await cspViolations(page), [], 'no CSP violations');
    assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  } finally {
    await context.close();
  }
});

test('the Content-Security-Policy is enforced and its violations are seen', async () => {
  // Proves the checks above can fail: an inline style is refused and reported.
  const { context, page, problems } = await openPage();
  try {
    await page.goto(`${BASE}/login`);
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { background: rgb(1, 2, 3); }';
      document.head.appendChild(style);
    });
    await page.waitForFunction(() => window.__cspViolations.length > 0, null, { timeout: 5000 });
    assert.match((await cspViolations(page)).join('\n'), /style-src/);
    const bodyBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(bodyBg, 'rgb(1, 2, 3)', 'the inline style was not applied');
    assert.ok(problems.some((p) => /Content Security Policy/i.test(p)),
      'the violation is also reported on the console');
  } finally {
    await context.close();
  }
});
