// `npm run server`: start Rapport from HOST, PORT, DATA_DIR and DATABASE_URL and stop it cleanly
// on a signal.
import { readConfig } from './config';
import { startServer } from './start';

const config = readConfig();
const server = await startServer({ ...config, logger: { level: 'info' } });

console.log(`
Rapport server: ${server.url}
Demo shop:      ${server.url}/demo
Data:           ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dataDir}`);
if (server.demo?.password) {
  console.log(`
Demo admin sign-in (shown once, save it now):
  email:    ${server.demo.email}
  password: ${server.demo.password}`);
} else if (server.demo) {
  console.log(`Demo admin: ${server.demo.email} (password was shown on first start)`);
}

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    console.log(`\n${signal} again: exiting without waiting.`);
    process.exit(1);
  }
  stopping = true;
  console.log(`\n${signal}: finishing in-flight work and closing…`);
  try {
    await server.close();
    process.exit(0);
  } catch (error) {
    console.error('Shutdown failed:', error);
    process.exit(1);
  }
}
process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));
