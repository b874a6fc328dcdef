import { useState } from 'react';
import { RouterProvider, createHashRouter } from 'react-router-dom';
import { AppProviders } from './AppProviders';
import { routes } from './routes';

// Hash routing works the same from a file:// page in Electron and from the dev/test server.
export function App() {
  const [router] = useState(() => createHashRouter(routes));
  return (
    <AppProviders>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
