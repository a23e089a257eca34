import { lazy, Suspense, type ComponentType } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuthGate } from './auth/AuthGate';
import { Layout } from './components/Layout';
import { Loading } from './components/LoadState';

/** Each page is its own chunk: the charting code loads with the first page that draws a chart. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const RunsPage = page(() => import('./pages/RunsPage'), 'RunsPage');
const RunDetailPage = page(() => import('./pages/run/RunDetailPage'), 'RunDetailPage');
const SweepsPage = page(() => import('./pages/SweepsPage'), 'SweepsPage');
const SweepDetailPage = page(() => import('./pages/sweep/SweepDetailPage'), 'SweepDetailPage');
const ComparePage = page(() => import('./pages/ComparePage'), 'ComparePage');
const ModelsPage = page(() => import('./pages/ModelsPage'), 'ModelsPage');
const PlaygroundPage = page(() => import('./pages/playground/PlaygroundPage'), 'PlaygroundPage');
const SubmitPage = page(() => import('./pages/submit/SubmitPage'), 'SubmitPage');
const WorkersPage = page(() => import('./pages/WorkersPage'), 'WorkersPage');
const NotFoundPage = page(() => import('./pages/NotFoundPage'), 'NotFoundPage');

/**
 * Client routes live after the `#` (`/#/runs/…`): the api serves this app at `/` only, so a
 * dashboard URL can never collide with an API path. Every page is behind the API key prompt; the
 * URL stays, so a shared link opens its page once signed in.
 */
export function App() {
  return (
    <HashRouter>
      <AuthGate>
        <Suspense fallback={<Loading what="the page" />}>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<Navigate to="/runs" replace />} />
              <Route path="runs" element={<RunsPage />} />
              <Route path="runs/:id" element={<RunDetailPage />} />
              <Route path="sweeps" element={<SweepsPage />} />
              <Route path="sweeps/:id" element={<SweepDetailPage />} />
              <Route path="compare" element={<ComparePage />} />
              <Route path="models" element={<ModelsPage />} />
              <Route path="playground" element={<PlaygroundPage />} />
              <Route path="submit" element={<SubmitPage />} />
              <Route path="workers" element={<WorkersPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </Suspense>
      </AuthGate>
    </HashRouter>
  );
}
