import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// First: lib/trpc takes the bridge token out of the address before the hash router reads it.
import './lib/trpc';
import './i18n';
import { App } from './app/App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
