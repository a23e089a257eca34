import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { useFilterParams } from './useFilterParams';

function renderFilters(initialUrl: string) {
  const onChange = vi.fn();
  const wrapper = ({ children }: { children: ReactNode }) => <MemoryRouter initialEntries={[initialUrl]}>{children}</MemoryRouter>;
  const view = renderHook(() => ({ filters: useFilterParams(onChange), location: useLocation() }), { wrapper });
  return { onChange, view };
}

describe('useFilterParams', () => {
  it('sets a filter in the URL query, keeps the others and calls onChange (back to the first page)', () => {
    const { onChange, view } = renderFilters('/runs?sort=test_accuracy');
    act(() => view.result.current.filters[1]('status', 'failed'));
    expect(view.result.current.location.search).toBe('?sort=test_accuracy&status=failed');
    expect(view.result.current.filters[0].get('status')).toBe('failed');
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('removes a filter set to the empty value ("All")', () => {
    const { view } = renderFilters('/runs?status=failed&dataset=mnist_784');
    act(() => view.result.current.filters[1]('status', ''));
    expect(view.result.current.location.search).toBe('?dataset=mnist_784');
  });
});
