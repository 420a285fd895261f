// The executable entry: bin/jiceng.js imports this; everything else imports main.ts without running it.
import { main } from './main.js';

process.exitCode = await main(process.argv);
