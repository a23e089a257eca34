import { useState } from 'react';
import { api } from '../../api/client';
import type { MisclassifiedSample } from '../../api/types';
import { Card } from '../../components/Card';
import { useObjectUrl } from '../../hooks/useObjectUrl';

const PAGE = 30;
/** 28 px digits drawn at 3x. */
const IMAGE_SCALE = 3;

interface MisclassifiedGalleryProps {
  dataset: string;
  misclassified: { total: number; shown: number; samples: MisclassifiedSample[] };
  subset: string;
}

/** The digits the model got wrong, with the true and the predicted label. */
export function MisclassifiedGallery({ dataset, misclassified, subset }: MisclassifiedGalleryProps) {
  const [visible, setVisible] = useState(PAGE);
  const samples = misclassified.samples.slice(0, visible);
  return (
    <Card
      title="Misclassified digits"
      description={`${misclassified.total} of the ${subset} set's digits are misclassified${
        misclassified.shown < misclassified.total ? ` (the first ${misclassified.shown} are kept)` : ''
      }.`}
    >
      {samples.length === 0 ? (
        <p className="muted">None: every digit was classified correctly.</p>
      ) : (
        <ul className="gallery">
          {samples.map((sample) => (
            <li key={sample.index}>
              <DigitFigure dataset={dataset} sample={sample} />
            </li>
          ))}
        </ul>
      )}
      {visible < misclassified.samples.length && (
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => setVisible((count) => count + PAGE)}>
            Show {Math.min(PAGE, misclassified.samples.length - visible)} more
          </button>
        </div>
      )}
    </Card>
  );
}

function DigitFigure({ dataset, sample }: { dataset: string; sample: MisclassifiedSample }) {
  const image = useObjectUrl(`${dataset}/${sample.index}`, (signal) => api.datasets.image(dataset, sample.index, IMAGE_SCALE, signal));
  const [undecodable, setUndecodable] = useState(false);
  const confidence = sample.probabilities?.[sample.predicted_label];
  const description = `Digit #${sample.index}: true ${sample.true_label}, predicted ${sample.predicted_label}`;
  const unavailable = image.failed || undecodable;
  return (
    <figure>
      {unavailable || !image.url ? (
        <div className="digit-missing" role="img" aria-label={`${description} (${unavailable ? 'image unavailable' : 'loading'})`}>
          #{sample.index}
        </div>
      ) : (
        <img
          src={image.url}
          alt={description}
          width={28 * IMAGE_SCALE}
          height={28 * IMAGE_SCALE}
          onError={() => setUndecodable(true)}
        />
      )}
      <figcaption>
        <span className="label-true">{sample.true_label}</span> → <span className="label-pred">{sample.predicted_label}</span>
        {confidence !== undefined && <span className="muted"> ({Math.round(confidence * 100)}%)</span>}
      </figcaption>
    </figure>
  );
}
