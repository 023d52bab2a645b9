// Entry point of the c4m command line: `npm run c4m -- <command>` (`--help` lists the commands).
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
process.exit(code);
