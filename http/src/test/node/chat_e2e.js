// End-to-end test of the WebChat example in a real browser: two pages in headless Chromium (the system's,
// never a downloaded one), each joins under a name; a message typed in one appears in the other.
//   node chat_e2e.js URL CHROMIUM_PATH
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');

async function join(context, url, name) {
  const page = await context.newPage();
  await page.goto(url);
  await page.fill('#name', name);
  await page.click('#join button');
  await page.waitForSelector(`#log li:has-text("Welcome, ${name}!")`, { timeout: 10000 });
  return page;
}

async function shows(page, who, text) {
  await page.waitForSelector(`#log li:text-is("${text}")`, { timeout: 10000 });
  console.log(`${who}'s page shows: ${text}`);
}

async function main() {
  const [url, executablePath] = process.argv.slice(2);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jasyncio-chat-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const alice = await join(context, url, 'alice');
    const bob = await join(context, url, 'bob');
    await shows(alice, 'alice', '* bob joined');
    await alice.fill('#text', 'hello from the first page');
    await alice.press('#text', 'Enter');
    await shows(bob, 'bob', 'alice: hello from the first page');
    await bob.fill('#text', 'hi, alice');
    await bob.click('#say button');
    await shows(alice, 'alice', 'bob: hi, alice');
    await bob.close();
    await shows(alice, 'alice', '* bob left');
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
