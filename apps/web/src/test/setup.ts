import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { signOut } from '../auth/session';

// Testing Library unmounts between tests only by itself when vitest's globals are on; they are not.
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  // Each test starts with no key and no project in the browser session.
  sessionStorage.clear();
  signOut();
});
