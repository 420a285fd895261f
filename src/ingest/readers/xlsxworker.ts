// Entry point of the worker thread that inflates and scans an xlsx workbook's sheets
// (xlsxproducer.ts), so the reader's thread only turns batches into rows and loads them.

import { parentPort, workerData } from 'node:worker_threads';
import { batchBuffers } from './xlsxbatch.js';
import { SheetProducer, type ProducerInit, type ToProducer } from './xlsxproducer.js';

const port = parentPort!;
const producer = new SheetProducer(workerData as ProducerInit, (m, move) => port.postMessage(m, move ? batchBuffers(move) : undefined));
port.on('message', (m: ToProducer) => producer.receive(m));
await producer.run();
