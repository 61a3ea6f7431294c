import '@fontsource/pt-sans/400.css';
import '@fontsource/pt-sans/700.css';
import './styles/app.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import { SessionProvider } from './features/auth/session';
import { ApiError } from './shared/api/graphql-client';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Expected refusals (no access, not found, bad input) are answers, not outages: do not retry them.
      retry: (failures, error) =>
        failures < 2 && (!(error instanceof ApiError) || ['NETWORK_ERROR', 'SERVICE_UNAVAILABLE'].includes(error.code)),
    },
    mutations: { retry: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
