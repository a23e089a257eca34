import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { ESTIMATORS } from '../../test/estimators';
import { RunForm } from './RunForm';


const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function renderForm(submitAnswer: Response) {
  const answers: Record<string, () => Response> = {
    '/estimators': () => json(200, ESTIMATORS),
    '/datasets': () => json(200, [{ name: 'mnist_784' }, { name: 'my_digits' }]),
  };
  const fetchMock = vi.fn(async (url: string) => answers[url]?.() ?? submitAnswer);
  vi.stubGlobal('fetch', fetchMock);
  render(
    <MemoryRouter>
      <RunForm />
    </MemoryRouter>,
  );
  return fetchMock;
}

describe('RunForm', () => {
  it('offers the parameters GET /estimators lists for the model: choices as selects, the rest as text', async () => {
    renderForm(json(202, { id: 'r1', status: 'queued' }));
    const c = await screen.findByLabelText('C');
    expect(c.tagName).toBe('INPUT');
    expect(screen.getByText('a float in the range (0, inf); default 1')).toBeTruthy();
    const solver = screen.getByLabelText('solver');
    expect(within(solver).getAllByRole('option').map((option) => option.textContent)).toEqual(['default', "'adam'", "'lbfgs'"]);

    fireEvent.change(screen.getByLabelText('Estimator'), { target: { value: 'random_forest' } });
    expect(within(screen.getByLabelText('criterion')).getAllByRole('option')).toHaveLength(4);
    expect(screen.queryByLabelText('C')).toBeNull();
    expect(within(screen.getByLabelText('Estimator')).getAllByRole('option').map((option) => option.textContent)).toEqual(['LogisticRegression', 'RandomForestClassifier']);
    expect(within(screen.getByLabelText('Dataset')).getAllByRole('option').map((option) => option.textContent)).toEqual(['mnist_784', 'my_digits']);
  });

  it("sends the typed parameter and shows the api's 400 under the input it names", async () => {
    const fetchMock = renderForm(json(400, { error: 'invalid_parameter', message: 'estimator.steps[1][1].params.C: must be a float in the range (0, inf); got -1', field: 'estimator.steps[1][1].params.C' }));
    fireEvent.change(await screen.findByLabelText('C'), { target: { value: '-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    expect((await screen.findByRole('alert')).textContent).toBe('must be a float in the range (0, inf); got -1');
    const [, init] = fetchMock.mock.calls.find(([url]) => url === '/runs') as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body)).estimator.steps[1][1]).toEqual({ type: 'logistic_regression', params: { C: -1, random_state: 42 } });
  });
});
