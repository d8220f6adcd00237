import '@tessera/react/styles.css';
import './app.css';
import { createSessionClient } from '@tessera/client';
import { SessionProvider } from '@tessera/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { readDemoConfig } from './demo-config.ts';
import { wireGuestSignIn } from './guest-session.ts';
import { wireNoteDraft } from './note-draft.ts';

const config = readDemoConfig();
// Same origin as the Tessera service; the refresh token stays in an HttpOnly cookie and the
// access token only in the client's memory.
const client = createSessionClient({
  baseUrl: '',
  transport: 'cookie',
  warningLeadMs: config.warningLeadMs,
  keepAliveIntervalMs: config.keepAliveIntervalMs,
});
wireNoteDraft(client);
wireGuestSignIn(client);
if (config.exposeClient) window.__tesseraDemo = { client };
void client.start();

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <SessionProvider client={client}>
      <App config={config} />
    </SessionProvider>
  </StrictMode>,
);
