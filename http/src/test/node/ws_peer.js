// Interop peer for the WebSocket tests: the npm ws package as a server or as a client of ours.
//   node ws_peer.js server        echo server on 127.0.0.1, prints "PORT <n>", runs until stdin closes
//   node ws_peer.js client URL    runs the client checks against URL (an echo server), prints "OK <checks>"
'use strict';
const { WebSocket, WebSocketServer } = require('ws');
const crypto = require('crypto');
const assert = require('assert');

function server() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: true, maxPayload: 1 << 20 });
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  wss.on('listening', () => console.log('PORT ' + wss.address().port));
  process.stdin.resume();
  process.stdin.on('end', () => { wss.close(); process.exit(0); });
}

function open(url, perMessageDeflate) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate, maxPayload: 1 << 22 });
    const queue = [];
    const waiters = [];
    ws.on('message', (data, isBinary) => {
      const m = { data, isBinary };
      if (waiters.length) waiters.shift()(m); else queue.push(m);
    });
    ws.recv = () => new Promise((res) => (queue.length ? res(queue.shift()) : waiters.push(res)));
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

async function client(url) {
  let checks = 0;
  for (const deflate of [true, false]) {
    const ws = await open(url, deflate);
    assert.strictEqual(ws.extensions.includes('permessage-deflate'), deflate, 'negotiated: ' + ws.extensions);
    for (const n of [0, 1, 125, 126, 65535, 65536, 500000]) {
      const text = 'é'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2);
      ws.send(text);
      let m = await ws.recv();
      assert.ok(!m.isBinary && m.data.toString('utf8') === text, 'text of ' + n);
      const data = crypto.randomBytes(n);
      ws.send(data, { binary: true });
      m = await ws.recv();
      assert.ok(m.isBinary && Buffer.compare(m.data, data) === 0, 'binary of ' + n);
      checks += 2;
    }
    // A fragmented message: fin false on the first parts.
    ws.send('frag', { fin: false });
    ws.send('ment', { fin: false });
    ws.send('ed ✓', { fin: true });
    assert.strictEqual((await ws.recv()).data.toString('utf8'), 'fragmented ✓');
    const pong = new Promise((res) => ws.once('pong', res));
    ws.ping(Buffer.from('are you there'));
    assert.strictEqual((await pong).toString(), 'are you there');
    checks += 2;
    const closed = new Promise((res) => ws.once('close', (code) => res(code)));
    ws.close(1000, 'bye');
    assert.strictEqual(await closed, 1000);
  }
  // Over the limit: our server must close with 1009.
  const ws = await open(url, false);
  const closed = new Promise((res) => ws.once('close', (code) => res(code)));
  ws.send(Buffer.alloc((1 << 20) + 1), { binary: true });
  assert.strictEqual(await closed, 1009);
  checks += 1;
  console.log('OK ' + checks);
}

if (process.argv[2] === 'server') server();
else client(process.argv[3]).catch((e) => { console.error(e); process.exit(1); });
