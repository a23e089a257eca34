import { Link } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  return (
    <div className="page">
      <PageHeader title="Page not found" />
      <p>
        There is no page here. Go to the <Link to="/runs">runs</Link>.
      </p>
    </div>
  );
}
