import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Testing Library unmounts between tests only by itself when vitest's globals are on; they are not.
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
