import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { ListModelsQuery, ModelSummary } from '../api/types';
import { DataTable, type Column } from '../components/DataTable';
import { ModelTypeFilter } from '../components/FilterSelect';
import { ListPage } from '../components/ListPage';
import { useListPage } from '../hooks/useListPage';
import { formatAge, formatBytes, formatModelType, formatPercent, shortId } from '../lib/format';
import type { ListQuerySpec } from '../lib/list-query';
import { ActionButton, DownloadModelButton } from '../components/ActionButton';
import { SubmittedBy } from '../components/SubmittedBy';
import { useAccess } from '../auth/access-context';

const MODEL_COLUMNS: readonly Column[] = [
  ...['Model', 'Type', 'Dataset'].map((label) => ({ label })),
  { label: 'Test accuracy', numeric: true },
  { label: 'Size', numeric: true },
  ...['SHA-256', 'Run', 'Submitted by', 'Age'].map((label) => ({ label })),
  { label: 'Actions', hiddenLabel: true },
];
const MODELS_QUERY: ListQuerySpec = { filters: { model_type: null }, limit: 20 };

/** Trained models: download the artifact, or (a member) try one on a digit you draw. */
export function ModelsPage() {
  const { query, setFilter, list: models, pages } = useListPage<ListModelsQuery, ModelSummary>(MODELS_QUERY, api.models.list);
  const mayWrite = useAccess().can('write');
  return (
    <ListPage
      title="Models"
      description="Every succeeded run keeps its fitted model as a versioned artifact."
      primaryLink={mayWrite ? { to: '/playground', label: 'Open the playground' } : undefined}
      filters={<ModelTypeFilter value={query.model_type ?? ''} onChange={(value) => setFilter('model_type', value)} />}
      list={models}
      pages={pages}
      what="models"
    >
      {(items) => <ModelsTable models={items} />}
    </ListPage>
  );
}

function ModelsTable({ models: listed }: { models: ModelSummary[] }) {
  // The page's list reloads only when its query changes: deleted models leave it here.
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(new Set());
  const { can } = useAccess();
  const models = listed.filter((model) => !deleted.has(model.id));
  if (models.length === 0) return <p className="empty">No models yet: they appear when a run succeeds.</p>;
  return (
    <DataTable caption="Trained models" columns={MODEL_COLUMNS}>
      {models.map((model) => (
        <tr key={model.id}>
          <td className="mono">{shortId(model.id)}</td>
          <td>{formatModelType(model.model_type)}</td>
          <td>{model.dataset ?? '—'}</td>
          <td className="numeric">{formatPercent(model.test_accuracy)}</td>
          <td className="numeric">{formatBytes(model.size_bytes)}</td>
          <td className="mono" title={model.sha256}>
            {model.sha256.slice(0, 12)}…
          </td>
          <td>
            {model.run_id ? (
              <Link className="mono" to={`/runs/${model.run_id}`}>
                {shortId(model.run_id)}
              </Link>
            ) : (
              <span className="muted">uploaded</span>
            )}
          </td>
          <td>
            <SubmittedBy createdBy={model.created_by} />
          </td>
          <td>{formatAge(model.created_at)}</td>
          <td>
            <div className="row">
              <DownloadModelButton modelId={model.id} label="Download" className="btn btn-small" aria-label={`Download model ${shortId(model.id)}`} />
              {can('write', model.project) && (
                <>
                  <Link
                    className="btn btn-small"
                    to={`/playground?model=${model.id}`}
                    aria-label={`Try model ${shortId(model.id)} in the playground`}
                  >
                    Try it
                  </Link>
                  <ActionButton
                    label="Delete"
                    busyLabel="Deleting…"
                    confirm={`Delete model ${shortId(model.id)}? Its run stays, without a model.`}
                    onAction={async () => {
                      await api.models.delete(model.id);
                      setDeleted((before) => new Set([...before, model.id]));
                    }}
                  />
                </>
              )}
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
