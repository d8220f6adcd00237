import { DEMO_USERS, startDemo } from './demo-server.ts';

// `npm start` at the repository root: build the UI, run the service on embedded SQLite.
const demo = await startDemo();
if (!demo.cookieSecure) {
  console.warn(
    'WARNING: TESSERA_COOKIE_SECURE=false — cookies are sent over plain http. Development only; use https in production.',
  );
}
console.log(`\nTessera demo running at ${demo.url.replace('127.0.0.1', 'localhost')}`);
console.log('Sign in with:');
for (const u of DEMO_USERS)
  console.log(`  ${u.email} / ${u.password}  (role ${u.roles.join(', ')})`);
console.log('Press Ctrl+C to stop.\n');

const stop = () => {
  demo.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
