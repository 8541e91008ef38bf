/**
 * The client's floor for a first sync of a large document: a fresh process applies the whole
 * document (the file named in argv[2]) to a new Y.Doc, as a stock provider in a page just opened
 * must, whatever the server. Yjs is loaded but its code has not run yet. With argv[3] = `listen`
 * the document has an `update` listener, as under a `WebsocketProvider` (which listens to send
 * local edits): Yjs then encodes the applied update again for it. Prints `{"ms","entries"}`.
 */
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';

const update = new Uint8Array(readFileSync(process.argv[2]!));
const t0 = performance.now();
const doc = new Y.Doc();
if (process.argv[3] === 'listen') doc.on('update', () => {});
Y.applyUpdate(doc, update, 'server');
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, entries: doc.getMap('m').size }) + '\n');
